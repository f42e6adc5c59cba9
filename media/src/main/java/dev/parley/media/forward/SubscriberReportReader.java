package dev.parley.media.forward;

import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.ReportBlock;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.SenderReport;

/**
 * Reads the report blocks a subscriber sends about the streams it receives (in its RRs, or in its SRs when it
 * publishes too): each subscription keeps the loss and jitter its subscriber reported.
 */
final class SubscriberReportReader extends EndpointStep {

    private final Endpoint endpoint;
    private final RoomContext context;
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final SenderReport senderReport = new SenderReport();

    SubscriberReportReader(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() == RtcpHeader.RR) {
            if (!receiverReport.wrap(packet.buffer(), packet.offset(), packet.length())) {
                context.counters.drop(DropReason.MALFORMED_RTCP);
                return;
            }
            for (int i = 0; i < receiverReport.reportBlockCount(); i++) {
                read(packet.buffer(), receiverReport.reportBlockOffset(i));
            }
        } else if (packet.packetType() == RtcpHeader.SR
                && senderReport.wrap(packet.buffer(), packet.offset(), packet.length())) {
            // A malformed SR is counted by SenderReportRelay.
            for (int i = 0; i < senderReport.reportBlockCount(); i++) {
                read(packet.buffer(), senderReport.reportBlockOffset(i));
            }
        }
    }

    private void read(byte[] buf, int block) {
        Subscription subscription = endpoint.subscriptionBySsrc(ReportBlock.ssrc(buf, block));
        if (subscription != null) {
            subscription.onReportBlock(ReportBlock.fractionLost(buf, block), ReportBlock.cumulativeLost(buf, block),
                    ReportBlock.jitter(buf, block));
        }
    }
}
