package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.forward.RecordingSink.Rtp;
import dev.parley.media.forward.RoomScenario.Publisher;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.ReportBlock;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.SourceDescription;
import dev.parley.media.rtp.BigEndian;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** RFC 3550 §6.4: sender reports translated for subscribers, receiver reports (loss, jitter, LSR) to publishers. */
class ReportsRelayTest {

    static byte[] senderReport(int ssrc, long ntp, int rtpTimestamp) {
        byte[] buf = new byte[SenderReport.LENGTH_WITHOUT_BLOCKS];
        SenderReport.write(buf, 0, ssrc, ntp, rtpTimestamp, 10, 1000);
        return buf;
    }

    /** The report block about {@code ssrc} in the latest RR the publisher got. */
    static int latestBlock(Publisher publisher, int ssrc, byte[][] packetOut) {
        List<byte[]> reports = publisher.sink.rtcp(RtcpHeader.RR, -1);
        assertThat(reports).isNotEmpty();
        byte[] report = reports.getLast();
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(report, 0, report.length)).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(publisher.endpoint.feedbackSsrc());
        for (int i = 0; i < rr.reportBlockCount(); i++) {
            if (ReportBlock.ssrc(report, rr.reportBlockOffset(i)) == ssrc) {
                packetOut[0] = report;
                return rr.reportBlockOffset(i);
            }
        }
        throw new AssertionError("no block about " + ssrc);
    }

    @Test
    void translatesThePublishersSenderReportIntoEachSubscribersSpace() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(1_000, scenario.a, scenario.b);
        Publisher a = scenario.a;
        long ntp = 0xE8E7_0000_4000_0000L;
        int publisherTimestamp = a.browser.videoTimestamp - 3000;
        scenario.s2.subscriptions.get(a.video).pause();

        a.endpoint.receiveRtcp(senderReport(a.video.ssrc(), ntp, publisherTimestamp), 0,
                SenderReport.LENGTH_WITHOUT_BLOCKS, scenario.now);

        for (Subscriber subscriber : List.of(scenario.s1, scenario.s3)) {
            List<byte[]> reports = subscriber.sink.rtcp(RtcpHeader.SR, -1);
            assertThat(reports).hasSize(1);
            SenderReport sr = new SenderReport();
            sr.wrap(reports.getFirst(), 0, reports.getFirst().length);
            int ssrc = subscriber.ssrcOf(a.video);
            assertThat(sr.senderSsrc()).isEqualTo(ssrc);
            assertThat(sr.ntpTimestamp()).isEqualTo(ntp);
            // The subscriber's timestamp for the publisher's: from any forwarded packet, the offset between them.
            Rtp forwarded = subscriber.sink.rtp(ssrc).getLast();
            int offset = forwarded.timestamp() - BigEndian.i32(a.sentPacket(forwarded.payload()), 4);
            assertThat(sr.rtpTimestamp()).isEqualTo(publisherTimestamp + offset);
            assertThat(sr.packetCount()).isEqualTo(subscriber.sink.rtp(ssrc).size());
            long octets = subscriber.sink.rtp(ssrc).stream().mapToLong(p -> p.payload().length).sum();
            assertThat(sr.octetCount()).isEqualTo(octets);
            List<byte[]> sdes = subscriber.sink.rtcp(RtcpHeader.SDES, -1);
            SourceDescription description = new SourceDescription();
            description.wrap(sdes.getFirst(), 0, sdes.getFirst().length);
            assertThat(description.ssrc(0)).isEqualTo(ssrc);
            assertThat(new String(sdes.getFirst(), description.cnameOffset(0), description.cnameLength(0),
                    StandardCharsets.UTF_8)).isEqualTo("sub-" + subscriber.firstSsrc);
        }
        assertThat(scenario.s2.sink.rtcp(RtcpHeader.SR, -1)).as("paused: no report").isEmpty();
    }

    @Test
    void receiverReportsCarryLossJitterAndTheLastSenderReport() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.s1.subscribe(a.video);
        scenario.run(500, a);
        int highest = a.browser.videoSequenceNumber;
        for (int i = 0; i < 10; i++) {
            a.dropVideo.add((highest + 3 * i) & 0xFFFF);
        }
        a.endpoint.receiveRtcp(senderReport(a.video.ssrc(), 0xE8E7_1234_5678_0000L, 0), 0,
                SenderReport.LENGTH_WITHOUT_BLOCKS, scenario.now);
        long reportArrival = scenario.now;
        scenario.run(1_500, a);
        scenario.idle(1_100); // the next report covers everything sent

        byte[][] packet = new byte[1][];
        int block = latestBlock(a, a.video.ssrc(), packet);
        byte[] report = packet[0];
        assertThat(ReportBlock.cumulativeLost(report, block)).isEqualTo(10);
        assertThat(a.video.packetsLost()).isEqualTo(10);
        assertThat(ReportBlock.extendedHighestSequenceNumber(report, block) & 0xFFFF)
                .isEqualTo((a.browser.videoSequenceNumber - 1) & 0xFFFF);
        assertThat(ReportBlock.lastSenderReport(report, block)).isEqualTo(0x1234_5678L);
        double delaySeconds = ReportBlock.delaySinceLastSenderReport(report, block) / 65_536.0;
        assertThat(delaySeconds).isBetween(1.5, (scenario.now - reportArrival) / 1e9);
        // Frames every 30 ms stamped 33.3 ms apart: the transit time drifts, which A.8 measures as jitter.
        assertThat(ReportBlock.jitter(report, block)).isPositive();
        assertThat(a.video.jitter()).isEqualTo((int) ReportBlock.jitter(report, block));
        // Audio every 20 ms stamped 20 ms apart: no jitter.
        scenario.s1.subscribe(a.audio);
        scenario.run(1_100, a);
        assertThat(ReportBlock.jitter(packet[0], latestBlock(a, a.audio.ssrc(), packet))).isZero();
        List<byte[]> sdes = a.sink.rtcp(RtcpHeader.SDES, -1);
        assertThat(sdes).as("an SDES CNAME in each compound report").hasSameSizeAs(a.sink.rtcp(RtcpHeader.RR, -1));
    }

    @Test
    void computesJitterAsRfc3550AppendixA8() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        long[] arrivalJitterMicros = {0, 3000, -2000, 5000, 0, 7000, -1000, 2500, 0, 0, 4000, -3000};
        double expected = 0;
        long previousTransit = 0;
        for (int i = 0; i < arrivalJitterMicros.length; i++) {
            long arrival = scenario.now + i * 20_000_000L + arrivalJitterMicros[i] * 1_000;
            byte[] packet = a.browser.audio(40);
            a.endpoint.receiveRtp(packet, 0, packet.length, arrival);
            // Transit in 48 kHz units: arrival minus timestamp (the same offset for every packet cancels out).
            long transit = (arrival - scenario.now) / 1_000 * 48 / 1_000 - 960L * i;
            if (i > 0) {
                expected += (Math.abs(transit - previousTransit) - expected) / 16;
            }
            previousTransit = transit;
        }
        assertThat((double) a.audio.jitter()).isCloseTo(expected, Offset.offset(1.0));
        assertThat(a.audio.jitter()).isPositive();
    }

    @Test
    void capsAPublisherWithARembAlongsideItsReports() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.run(200, a);
        a.endpoint.setMaxPublishBitrate(300_000);
        scenario.run(1_100, a);

        List<byte[]> rembs = a.sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_AFB);
        assertThat(rembs).isNotEmpty();
        Remb remb = new Remb();
        assertThat(remb.wrap(rembs.getLast(), 0, rembs.getLast().length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(300_000);
        assertThat(remb.ssrcCount()).isEqualTo(2);
        assertThat(List.of(remb.ssrc(0), remb.ssrc(1))).containsExactly(a.audio.ssrc(), a.video.ssrc());

        a.endpoint.setMaxPublishBitrate(0);
        int count = a.sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_AFB).size();
        scenario.run(5_100, a);
        List<byte[]> lifted = a.sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_AFB);
        assertThat(lifted).as("browsers keep the last REMB: a lifted cap is announced, three times").hasSize(count + 3);
        assertThat(remb.wrap(lifted.getLast(), 0, lifted.getLast().length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(Endpoint.NO_LIMIT);
    }

    @Test
    void keepsWhatSubscribersReportAboutTheirStreams() {
        RoomScenario scenario = new RoomScenario();
        Subscription video = scenario.s1.subscribe(scenario.a.video);
        scenario.run(300, scenario.a);
        byte[] rr = new byte[ReceiverReport.LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH];
        ReceiverReport.write(rr, 0, 0x99, 1);
        ReportBlock.write(rr, ReceiverReport.LENGTH_WITHOUT_BLOCKS, video.config().ssrc(), 26, 7, 1234, 45, 0, 0);

        scenario.s1.sendRtcp(rr);

        assertThat(video.reportedFractionLost()).isEqualTo(26);
        assertThat(video.reportedCumulativeLost()).isEqualTo(7);
        assertThat(video.reportedJitter()).isEqualTo(45);
        assertThat(scenario.room.counters().dropped(DropReason.MALFORMED_RTCP)).isZero();
    }
}
