package dev.parley.media.forward;

import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.ReportBlock;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.SourceDescription;

import java.nio.charset.StandardCharsets;

/**
 * Sends the publisher, every {@link ForwardingSettings#receiverReportInterval()}, a compound RTCP packet (RFC
 * 3550 §6.1): a receiver report with one block per stream that has sent anything (loss, jitter, and LSR/DLSR from
 * which the publisher computes its round-trip time), an SDES CNAME, and, when the endpoint's publishing is capped,
 * a REMB with the cap (draft-alvestrand-rmcat-remb), which browsers honour as an upper bound (and one announcing no
 * limit for a few reports after the cap is lifted, since browsers keep the last one).
 */
final class ReceiverReportSender extends EndpointStep {

    private static final byte[] CNAME = "parley".getBytes(StandardCharsets.US_ASCII);

    private final Endpoint endpoint;
    private final RoomContext context;
    private final long intervalNanos;
    private final int[] ssrcs = new int[ReportBlock.MAX_PER_PACKET];
    private long lastReportAt = Long.MIN_VALUE;

    ReceiverReportSender(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
        this.intervalNanos = context.settings.receiverReportInterval().toNanos();
    }

    @Override
    void onTick(long nowNanos) {
        if (lastReportAt != Long.MIN_VALUE && nowNanos - lastReportAt < intervalNanos) {
            return;
        }
        PublisherStream[] streams = endpoint.streams();
        int blocks = 0;
        for (PublisherStream stream : streams) {
            if (blocks < ReportBlock.MAX_PER_PACKET && stream.statistics().started()) {
                ssrcs[blocks++] = stream.ssrc();
            }
        }
        long remb = endpoint.rembForNextReport();
        if (blocks == 0 && remb == 0) {
            return;
        }
        lastReportAt = nowNanos;
        byte[] buf = context.rtcpBuffer;
        int length = ReceiverReport.write(buf, 0, endpoint.feedbackSsrc(), blocks);
        int block = 0;
        for (PublisherStream stream : streams) {
            if (block < blocks && stream.ssrc() == ssrcs[block]) {
                writeBlock(buf, ReceiverReport.LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH * block, stream, nowNanos);
                block++;
            }
        }
        length += SourceDescription.writeCname(buf, length, endpoint.feedbackSsrc(), CNAME);
        if (remb > 0) {
            length += Remb.write(buf, length, endpoint.feedbackSsrc(), remb, ssrcs, blocks);
        }
        endpoint.sendRtcp(length);
    }

    private static void writeBlock(byte[] buf, int off, PublisherStream stream, long nowNanos) {
        ReceiveStatistics statistics = stream.statistics();
        long lastSenderReport = 0;
        long delaySinceLastSenderReport = 0;
        if (stream.hasSenderReport()) {
            lastSenderReport = SenderReport.compactNtp(stream.senderReportNtp());
            // 1/65536 seconds (RFC 3550 §6.4.1).
            delaySinceLastSenderReport = (nowNanos - stream.senderReportArrival()) * 65_536 / 1_000_000_000L;
        }
        ReportBlock.write(buf, off, stream.ssrc(), statistics.fractionLostSinceLastReport(),
                (int) Math.clamp(statistics.cumulativeLost(), Integer.MIN_VALUE, Integer.MAX_VALUE),
                statistics.extendedHighestSequenceNumber(), statistics.jitter(), lastSenderReport,
                delaySinceLastSenderReport);
    }
}
