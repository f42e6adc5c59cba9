/**
 * ICE-lite (RFC 8445 §2.5): the SFU has one host candidate per announced address, never sends checks
 * and answers those of the browsers (§7.3), learns where a peer is from its valid checks, follows its
 * nomination, and lets a transport go when the peer stops checking (consent, RFC 7675). It reads and
 * writes STUN through {@code dev.parley.media.stun}; the sockets are elsewhere.
 */
package dev.parley.media.ice;
