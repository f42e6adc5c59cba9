/**
 * STUN (RFC 8489) as ICE uses it: a message view over a datagram with strict bounds checks, the
 * attributes ICE needs, and a writer for responses. Model and codec only; what to answer is decided in
 * {@code dev.parley.media.ice}.
 */
package dev.parley.media.stun;
