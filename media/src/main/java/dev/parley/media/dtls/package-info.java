/**
 * DTLS 1.2 with the use_srtp extension (RFC 5764) on BouncyCastle's bctls, the SFU always being the
 * DTLS server (RFC 5763 §5: it answers offers with {@code a=setup:passive} and offers
 * {@code a=setup:actpass}): one self-signed ECDSA P-256 certificate per server start, its fingerprint
 * for SDP, the peer's certificate checked against the fingerprint in its SDP, and the SRTP keys
 * exported per RFC 5764 §4.2. bctls's API blocks, so each handshake runs on a virtual thread and hands
 * its result back to the transport's event loop.
 */
package dev.parley.media.dtls;
