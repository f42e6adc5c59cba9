package dev.parley.media.forward;

import dev.parley.media.rtcp.RtcpCompound;

/**
 * The compound RTCP packet an endpoint's pipeline is handling, positioned on one of its packets while the steps
 * see it. One per endpoint, reused; the array belongs to the transport for the duration of
 * {@link Endpoint#receiveRtcp}.
 */
final class InboundRtcp {

    final RtcpCompound compound = new RtcpCompound();
    long arrivalNanos;

    byte[] buffer() {
        return compound.buffer();
    }

    /** Offset of the current packet. */
    int offset() {
        return compound.offset();
    }

    /** Length of the current packet, padding excluded. */
    int length() {
        return compound.unpaddedLength();
    }

    int packetType() {
        return compound.packetType();
    }

    int countOrFormat() {
        return compound.countOrFormat();
    }
}
