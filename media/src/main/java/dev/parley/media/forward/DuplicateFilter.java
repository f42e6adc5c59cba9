package dev.parley.media.forward;

/**
 * Drops a packet the stream's cache already holds: it was forwarded when it first came (a publisher answering one
 * NACK twice, or a late original after its retransmission).
 */
final class DuplicateFilter extends EndpointStep {

    @Override
    DropReason onRtp(InboundRtp packet) {
        return packet.stream.cache().contains(packet.rtp.sequenceNumber(), packet.arrivalNanos)
                ? DropReason.DUPLICATE : null;
    }
}
