package dev.parley.media.forward;

import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;

/**
 * Passes a subscriber's keyframe requests, PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1), to the publisher of
 * the stream it names, through the stream's rate limit (a room of subscribers asking at once costs the publisher
 * one keyframe).
 */
final class KeyframeRequestRelay extends EndpointStep {

    private final Endpoint endpoint;
    private final RoomContext context;
    private final FullIntraRequest fir = new FullIntraRequest();

    KeyframeRequestRelay(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() != RtcpHeader.PSFB) {
            return;
        }
        byte[] buf = packet.buffer();
        if (packet.countOrFormat() == RtcpFeedback.FMT_PLI) {
            if (!PictureLossIndication.isPli(buf, packet.offset(), packet.length())) {
                context.counters.drop(DropReason.MALFORMED_RTCP);
                return;
            }
            request(RtcpFeedback.mediaSsrc(buf, packet.offset()), packet.arrivalNanos);
        } else if (packet.countOrFormat() == RtcpFeedback.FMT_FIR) {
            if (!fir.wrap(buf, packet.offset(), packet.length())) {
                context.counters.drop(DropReason.MALFORMED_RTCP);
                return;
            }
            for (int entry = 0; entry < fir.entryCount(); entry++) {
                request(fir.ssrc(entry), packet.arrivalNanos);
            }
        }
    }

    private void request(int ssrc, long nowNanos) {
        Subscription subscription = endpoint.subscriptionBySsrc(ssrc);
        if (subscription != null && subscription.source() != null) {
            context.counters.keyframeRequestsReceived++;
            subscription.source().requestKeyframe(nowNanos);
        }
    }
}
