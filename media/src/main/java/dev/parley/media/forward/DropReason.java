package dev.parley.media.forward;

/** Why the pipeline dropped an inbound packet, counted per reason in {@link ForwardingCounters}. */
public enum DropReason {
    /** Not a well-formed RTP packet (RFC 3550 §5.1). */
    MALFORMED_RTP,
    /** Longer than {@link PacketSink#MAX_PACKET_LENGTH}. */
    TOO_LARGE,
    /** An SSRC that no publisher stream of the endpoint announced. */
    UNKNOWN_SSRC,
    /** RTX padding sent for bandwidth probing: nothing to forward. */
    RTX_PADDING,
    /** An RTX packet without an OSN or with a payload type that maps to no original (RFC 4588 §4). */
    MALFORMED_RTX,
    /** A packet already received (a second retransmission, or both original and retransmission). */
    DUPLICATE,
    /** Not a well-formed compound RTCP packet (RFC 3550 A.2), or a malformed packet inside one. */
    MALFORMED_RTCP
}
