/**
 * RTP packets as views over byte arrays (RFC 3550 §5.1) and what a forwarder reads or writes in them: header
 * extensions in both RFC 8285 forms, RTX (RFC 4588), the audio level (RFC 6464), the transport-wide sequence
 * number, abs-send-time, and where a keyframe starts for VP8, VP9, H.264 and AV1. Nothing here decodes media.
 *
 * <p>Buffers: a method that takes an array reads or writes it during the call and keeps nothing; the caller owns
 * it before and after. A view ({@code RtpPacket}, {@code HeaderExtensions}) refers to the array it was pointed
 * at until pointed elsewhere, and must not be used once the owner reuses that array.
 */
package dev.parley.media.rtp;
