package dev.parley.media.forward;

/**
 * Counts each packet in its stream's receive statistics (RFC 3550 A.1, A.3, A.8), which gives the packet its
 * extended sequence number for the steps after, and keeps each stream's receiving state: receiving from its first
 * media packet, not receiving after {@link ForwardingSettings#noMediaTimeout()} without one (padding does not
 * count: senders pad while probing even when their media stopped).
 */
final class StatisticsRecorder extends EndpointStep {

    private final Endpoint endpoint;
    private final long noMediaTimeoutNanos;

    StatisticsRecorder(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.noMediaTimeoutNanos = context.settings.noMediaTimeout().toNanos();
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        PublisherStream stream = packet.stream;
        packet.extendedSequenceNumber = stream.statistics().onPacket(packet.rtp.sequenceNumber(),
                packet.rtp.timestamp(), stream.clockRate(packet.rtp.payloadType()), packet.arrivalNanos,
                packet.rtp.length(), packet.viaRtx);
        if (packet.rtp.payloadLength() > 0) {
            stream.onMedia(packet.arrivalNanos);
        }
        return null;
    }

    @Override
    void onTick(long nowNanos) {
        for (PublisherStream stream : endpoint.streams()) {
            stream.checkReceiving(nowNanos, noMediaTimeoutNanos);
        }
    }
}
