/**
 * Session descriptions as WebRTC peers write them (RFC 8866, RFC 8829): the model ({@link
 * dev.parley.conference.sdp.SessionDescription}, {@link dev.parley.conference.sdp.MediaDescription}), its parser and
 * writer, and typed readers of the attributes WebRTC uses (rtpmap, fmtp, rtcp-fb, extmap, ssrc, ssrc-group, msid,
 * candidate, fingerprint, group, rid). What Parley answers and offers is decided in {@code conference.negotiation}.
 */
package dev.parley.conference.sdp;
