package dev.parley.media.forward;

/** Finds the publisher stream a packet belongs to by its SSRC, the media one or its RTX one (RFC 4588 §8). */
final class StreamDemultiplexer extends EndpointStep {

    private final Endpoint endpoint;

    StreamDemultiplexer(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        int ssrc = packet.rtp.ssrc();
        PublisherStream stream = endpoint.streamBySsrc(ssrc);
        if (stream == null) {
            return DropReason.UNKNOWN_SSRC;
        }
        packet.stream = stream;
        packet.viaRtx = stream.isRtxSsrc(ssrc);
        return null;
    }
}
