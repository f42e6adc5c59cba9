/**
 * RTP packets as views over byte arrays (RFC 3550 §5.1) and what a forwarder reads or writes in them: header
 * extensions in both RFC 8285 forms, RTX (RFC 4588), the audio level (RFC 6464), the transport-wide sequence
 * number, abs-send-time, and where a keyframe starts for VP8, VP9, H.264 and AV1. Nothing here decodes media.
 */
package dev.parley.media.rtp;
