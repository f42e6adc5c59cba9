package dev.parley.media.forward;

/** Keeps a copy of each packet in its stream's retransmission cache, for subscribers' NACKs. */
final class CacheWriter extends EndpointStep {

    @Override
    DropReason onRtp(InboundRtp packet) {
        packet.stream.cache().store(packet.rtp, packet.arrivalNanos);
        return null;
    }
}
