package dev.parley.media.forward;

/**
 * How a publisher is asked for a keyframe, as its SDP negotiated ({@code a=rtcp-fb:* nack pli} or
 * {@code a=rtcp-fb:* ccm fir}).
 */
public enum KeyframeRequestMethod {
    /** Picture loss indication, RFC 4585 §6.3.1. */
    PLI,
    /** Full intra request, RFC 5104 §4.3.1. */
    FIR
}
