package dev.parley.media.forward;

import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.SenderReport;

/**
 * Takes a publisher's sender reports (RFC 3550 §6.4.1): the stream remembers the latest one (its receiver reports
 * echo it as LSR/DLSR), and each of the stream's subscriptions gets it translated into its own SSRC and timestamp
 * space, so that every subscriber can synchronize the publisher's audio and video.
 */
final class SenderReportRelay extends EndpointStep {

    private final Endpoint endpoint;
    private final RoomContext context;
    private final SenderReport report = new SenderReport();

    SenderReportRelay(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() != RtcpHeader.SR) {
            return;
        }
        if (!report.wrap(packet.buffer(), packet.offset(), packet.length())) {
            context.counters.drop(DropReason.MALFORMED_RTCP);
            return;
        }
        PublisherStream stream = endpoint.streamBySsrc(report.senderSsrc());
        if (stream != null && stream.isMediaSsrc(report.senderSsrc())) {
            stream.onSenderReport(report.ntpTimestamp(), report.rtpTimestamp(), packet.arrivalNanos);
        }
    }
}
