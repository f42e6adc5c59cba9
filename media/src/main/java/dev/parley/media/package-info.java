/**
 * The SFU's media plane: one UDP port, ICE-lite, DTLS-SRTP, RTP/RTCP and forwarding between the
 * participants of a room. It knows nothing of REST, chat or the Janus API; the conference module drives it.
 */
package dev.parley.media;
