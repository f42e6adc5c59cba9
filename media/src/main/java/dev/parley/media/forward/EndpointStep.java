package dev.parley.media.forward;

/**
 * One step of an endpoint's pipeline (assembled in {@link Endpoint}): each step overrides the hooks its one
 * concern needs, and the defaults do nothing, as Pion's interceptors do over their no-op base. Steps run on the
 * room's thread and allocate nothing per packet.
 */
abstract class EndpointStep {

    /**
     * An RTP packet from the endpoint, after the steps before this one. Returns null to pass it on, or why the
     * step dropped it (the packet then goes no further).
     */
    DropReason onRtp(InboundRtp packet) {
        return null;
    }

    /** One packet of a compound RTCP packet from the endpoint; every step sees every packet. */
    void onRtcp(InboundRtcp packet) {
    }

    /** The room's timer, every {@link ForwardingSettings#tickInterval()} or so. */
    void onTick(long nowNanos) {
    }
}
