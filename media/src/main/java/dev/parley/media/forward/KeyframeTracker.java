package dev.parley.media.forward;

import dev.parley.media.rtp.RtpPacket;

/**
 * Marks the packets a subscriber may start from: any audio packet, and for video the first packet of a keyframe
 * as the payload's codec tells it ({@code rtp.KeyframeDetector}, the one place the pipeline looks into a
 * payload); never a retransmission. A keyframe answers the stream's pending keyframe requests; while subscribers still wait, requests are
 * repeated on the timer.
 */
final class KeyframeTracker extends EndpointStep {

    private final Endpoint endpoint;

    KeyframeTracker(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        PublisherStream stream = packet.stream;
        if (packet.viaRtx) {
            // A retransmission is old: what followed it was not forwarded, and a new keyframe is still owed.
            return null;
        }
        if (stream.kind() == MediaKind.AUDIO) {
            packet.keyframeStart = true;
            return null;
        }
        RtpPacket rtp = packet.rtp;
        packet.keyframeStart = stream.keyframeDetector(rtp.payloadType())
                .isKeyframeStart(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength());
        if (packet.keyframeStart) {
            stream.onKeyframe();
        }
        return null;
    }

    @Override
    void onTick(long nowNanos) {
        for (PublisherStream stream : endpoint.streams()) {
            stream.retryKeyframeRequest(nowNanos);
        }
    }
}
