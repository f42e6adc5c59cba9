package dev.parley.media.forward;

import dev.parley.media.rtcp.GenericNack;
import dev.parley.media.rtcp.RtcpFeedback;

/**
 * Finds the packets a publisher's streams lost on the way in and NACKs them (RFC 4585 §6.2.1) with the retry
 * policy of {@link NackGenerator}, one NACK message per stream and tick, to publishers that negotiated NACK. A
 * jump too wide to NACK costs a video stream a keyframe request instead.
 */
final class LossDetector extends EndpointStep {

    /** Packets per NACK message at worst one entry each, so that the message fits the RTCP buffer. */
    private static final int MAX_PER_MESSAGE = (PacketSink.MAX_PACKET_LENGTH - RtcpFeedback.HEADER_LENGTH)
            / GenericNack.ITEM_LENGTH;

    private final Endpoint endpoint;
    private final RoomContext context;
    private final int[] due;

    LossDetector(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
        this.due = new int[Math.min(context.settings.nackMaxGap(), MAX_PER_MESSAGE)];
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        PublisherStream stream = packet.stream;
        if (!stream.nacks().onPacket(packet.extendedSequenceNumber, packet.arrivalNanos)) {
            stream.requestKeyframe(packet.arrivalNanos);
        }
        return null;
    }

    @Override
    void onTick(long nowNanos) {
        for (PublisherStream stream : endpoint.streams()) {
            int count = stream.nacks().collectDue(nowNanos, due);
            if (count == 0 || !stream.config().nack()) {
                continue;
            }
            int length = GenericNack.write(context.rtcpBuffer, 0, endpoint.feedbackSsrc(), stream.ssrc(), due, count);
            context.counters.nackedPacketsRequested += count;
            endpoint.sendRtcp(length);
        }
    }
}
