package dev.parley.media.forward;

import dev.parley.media.rtcp.GenericNack;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpSequence;

/**
 * Answers a subscriber's generic NACKs (RFC 4585 §6.2.1): each lost packet the source stream's cache still holds
 * is resent at once, as RTX when the subscriber negotiated it (RFC 4588); the ones it lacks are NACKed to the
 * publisher in the publisher's sequence numbers, unless the room is already NACKing them for its own loss. Up to
 * {@value #MAX_PER_MESSAGE} packets per NACK message are considered, so that one message cannot make the room
 * resend without bound.
 */
final class NackResponder extends EndpointStep {

    static final int MAX_PER_MESSAGE = 256;
    static final long DEFAULT_RESEND_INTERVAL_NANOS = 100_000_000;
    private static final long MIN_RESEND_INTERVAL_NANOS = 10_000_000;
    private static final long MAX_RESEND_INTERVAL_NANOS = 1_000_000_000;

    private final Endpoint endpoint;
    private final RoomContext context;
    private final GenericNack nack = new GenericNack();
    private final RtpPacket cached = new RtpPacket();
    private final int[] upstream = new int[MAX_PER_MESSAGE];
    private final RetransmissionBudget budget = new RetransmissionBudget();

    NackResponder(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() != RtcpHeader.RTPFB || packet.countOrFormat() != RtcpFeedback.FMT_NACK) {
            return;
        }
        if (!nack.wrap(packet.buffer(), packet.offset(), packet.length())) {
            context.counters.drop(DropReason.MALFORMED_RTCP);
            return;
        }
        context.counters.nacksReceived++;
        Subscription subscription = endpoint.subscriptionBySsrc(nack.mediaSsrc());
        if (subscription == null || subscription.source() == null) {
            return;
        }
        PublisherStream source = subscription.source();
        long roundTrip = endpoint.downlinkFeedbackDelayNanos();
        long resendAfter = roundTrip == 0 ? DEFAULT_RESEND_INTERVAL_NANOS
                : Math.clamp(roundTrip, MIN_RESEND_INTERVAL_NANOS, MAX_RESEND_INTERVAL_NANOS);
        int considered = 0;
        int missing = 0;
        for (int item = 0; item < nack.itemCount() && considered < MAX_PER_MESSAGE; item++) {
            int packetId = nack.packetId(item);
            int mask = nack.lostBitmask(item);
            for (int bit = -1; bit < 16 && considered < MAX_PER_MESSAGE; bit++) {
                if (bit >= 0 && (mask & 1 << bit) == 0) {
                    continue;
                }
                considered++;
                int lost = (packetId + bit + 1) & 0xFFFF;
                int publisherSequenceNumber = subscription.retransmit(lost, cached, packet.arrivalNanos, resendAfter,
                        budget);
                if (publisherSequenceNumber >= 0 && !beingNacked(source, publisherSequenceNumber)) {
                    upstream[missing++] = publisherSequenceNumber;
                }
            }
        }
        if (missing > 0 && source.config().nack()) {
            context.counters.nackedPacketsMissingFromCache += missing;
            Endpoint publisher = source.endpoint();
            publisher.sendRtcp(GenericNack.write(context.rtcpBuffer, 0, publisher.feedbackSsrc(), source.ssrc(),
                    upstream, missing));
        }
    }

    private static boolean beingNacked(PublisherStream source, int sequenceNumber) {
        long extended = RtpSequence.unwrap(sequenceNumber, source.statistics().extendedHighestSequenceNumber());
        return source.nacks().isMissing(extended);
    }
}
