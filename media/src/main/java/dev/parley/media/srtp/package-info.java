/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) on the keys DTLS exports (RFC 5764 §4.2), in place on
 * {@code (byte[], offset, length)}, with replay protection on receipt. The ciphers are jitsi-srtp's
 * (OpenSSL through its JNI library when libcrypto loads, the JDK's JCA otherwise); this package keeps
 * one crypto context per SSRC and direction and bounds how many there are.
 */
package dev.parley.media.srtp;
