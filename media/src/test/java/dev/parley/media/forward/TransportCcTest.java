package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.bwe.SendSideEstimator;
import dev.parley.media.forward.RecordingSink.Rtp;
import dev.parley.media.forward.RoomScenario.Publisher;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.TransportCcFeedback;
import dev.parley.media.rtcp.TransportCcFeedbackBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * draft-holmer-rmcat-transport-wide-cc-extensions-01: feedback to publishers from what arrived, for their
 * send-side bandwidth estimation; feedback from subscribers read into a downlink estimate.
 */
class TransportCcTest {

    /** The transport-wide sequence numbers and arrival times (µs, relative to the first) one feedback reports. */
    static Map<Integer, Long> reported(byte[] packet) {
        TransportCcFeedback feedback = new TransportCcFeedback();
        assertThat(feedback.wrap(packet, 0, packet.length)).isTrue();
        Map<Integer, Long> arrivals = new LinkedHashMap<>();
        Long first = null;
        for (int i = 0; i < feedback.packetStatusCount(); i++) {
            if (feedback.received(i)) {
                first = first == null ? feedback.arrivalTimeMicros(i) : first;
                arrivals.put((feedback.baseSequenceNumber() + i) & 0xFFFF, feedback.arrivalTimeMicros(i) - first);
            }
        }
        return arrivals;
    }

    static List<byte[]> feedbackTo(Publisher publisher) {
        return publisher.sink.rtcp(RtcpHeader.RTPFB, RtcpFeedback.FMT_TRANSPORT_CC);
    }

    @Test
    void reportsEveryArrivalOfTheIntervalToThePublisher() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        long start = scenario.now;
        Map<Integer, Long> expected = new LinkedHashMap<>();
        // Transport-wide numbers 65 530 to 65 545 across the wrap; 65 533 and 2 lost; 1 arrives 2 ms early and
        // 65 540 takes 90 ms (a large delta); one packet with an SSRC nobody announced counts too.
        long[] arrivalsMillis = {0, 1, 3, -1, 5, 5, 6, 7, 8, 10, 100, 8, 12, 10, 14, 15};
        for (int i = 0; i < arrivalsMillis.length; i++) {
            int sequenceNumber = (65_530 + i) & 0xFFFF;
            a.browser.transportSequenceNumber = sequenceNumber;
            byte[] packet = i == 5 ? new FakeBrowser(0x7777).audio(50) : a.browser.audio(50);
            if (i == 5) {
                packet[12 + 4 + 1 + 2 + 4 + 1] = (byte) (sequenceNumber >> 8); // rewrite its transport-wide number
                packet[12 + 4 + 1 + 2 + 4 + 2] = (byte) sequenceNumber;
            }
            if (sequenceNumber == 65_533 || sequenceNumber == 2) {
                continue;
            }
            long arrival = start + arrivalsMillis[i] * 1_000_000;
            a.endpoint.receiveRtp(packet, 0, packet.length, arrival);
            expected.put(sequenceNumber, arrivalsMillis[i] * 1_000);
        }
        assertThat(scenario.room.counters().dropped(DropReason.UNKNOWN_SSRC)).isEqualTo(1);

        scenario.room.tick(start + 50_000_000);
        assertThat(feedbackTo(a)).hasSize(1);

        byte[] feedback = feedbackTo(a).getFirst();
        assertThat(RtcpFeedback.senderSsrc(feedback, 0)).isEqualTo(a.endpoint.feedbackSsrc());
        TransportCcFeedback parsed = new TransportCcFeedback();
        parsed.wrap(feedback, 0, feedback.length);
        assertThat(parsed.baseSequenceNumber()).isEqualTo(65_530);
        assertThat(parsed.packetStatusCount()).isEqualTo(16);
        assertThat(parsed.received(3)).isFalse();
        assertThat(parsed.received(8)).isFalse();
        assertThat(reported(feedback)).containsExactlyEntriesOf(expected);
    }

    @Test
    void sendsFeedbackEveryIntervalCoveringOnlyWhatIsNew() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.run(1_000, a);
        List<byte[]> feedback = feedbackTo(a);
        assertThat(feedback).hasSizeBetween(9, 11);

        int expectedBase = -1;
        int total = 0;
        for (byte[] packet : feedback) {
            TransportCcFeedback parsed = new TransportCcFeedback();
            parsed.wrap(packet, 0, packet.length);
            if (expectedBase >= 0) {
                assertThat(parsed.baseSequenceNumber()).as("continues where the last one ended")
                        .isEqualTo(expectedBase);
            }
            expectedBase = (parsed.baseSequenceNumber() + parsed.packetStatusCount()) & 0xFFFF;
            total += parsed.packetStatusCount();
        }
        int sent = (a.browser.transportSequenceNumber - 65_500) & 0xFFFF;
        assertThat(total).as("every packet reported once, none lost").isBetween(sent - 12, sent);
        assertThat(feedbackTo(scenario.b)).as("b sent nothing").isEmpty();
        assertThat(scenario.room.counters().transportCcFeedbackSent()).isEqualTo(feedback.size());
    }

    @Test
    void aPacketArrivingAfterItsNumberWasReportedDisturbsNothing() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        a.browser.transportSequenceNumber = 909;
        a.send(a.browser.audio(50));
        scenario.room.tick(scenario.now);
        a.browser.transportSequenceNumber = 5_000;
        for (int i = 0; i < 10; i++) {
            a.send(a.browser.audio(50));
        }
        // Number 909 again, long after it was reported: in the ring it shares a slot with 5005 (909 + 4096).
        a.browser.transportSequenceNumber = 909;
        a.send(a.browser.audio(50));
        scenario.room.tick(scenario.now + 100_000_000);

        assertThat(feedbackTo(a)).hasSize(2);
        assertThat(reported(feedbackTo(a).getLast()).keySet()).containsExactly(5_000, 5_001, 5_002, 5_003, 5_004,
                5_005, 5_006, 5_007, 5_008, 5_009);
    }

    @Test
    void reportsProbingPaddingThatIsNotForwarded() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.s1.subscribe(a.video);
        int sequenceNumber = a.browser.transportSequenceNumber;
        byte[] padding = a.browser.rtxPadding();

        a.send(padding);
        scenario.room.tick(scenario.now + 100_000_000);

        assertThat(scenario.room.counters().dropped(DropReason.RTX_PADDING)).isEqualTo(1);
        assertThat(scenario.s1.sink.rtp).isEmpty();
        assertThat(reported(feedbackTo(a).getFirst())).containsOnlyKeys(sequenceNumber);
    }

    @Test
    void estimatesTheDownlinkFromTheSubscribersFeedbackUnderItsRemb() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        s1.subscribe(scenario.a.video);
        s1.subscribe(scenario.a.audio);
        scenario.run(1_000, scenario.a);
        assertThat(s1.endpoint.downlinkBitrate()).as("no feedback yet").isZero();

        byte[] remb = new byte[Remb.LENGTH_WITHOUT_SSRCS + 4];
        Remb.write(remb, 0, 0x55, 700_000, new int[] {s1.ssrcOf(scenario.a.video)}, 1);
        s1.sendRtcp(remb);
        assertThat(s1.endpoint.downlinkBitrate()).as("the receiver's own estimate, without transport-cc")
                .isEqualTo(700_000);

        // The subscriber got its first 80 packets, one every 2 ms; then every other one of the next 20.
        List<Rtp> received = new ArrayList<>(s1.sink.rtp);
        assertThat(received).hasSizeGreaterThan(100);
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(received.getFirst().transportSequenceNumber());
        for (int k = 0; k < 80; k++) {
            assertThat(builder.addReceived(received.get(k).transportSequenceNumber(), 2_000L * k)).isTrue();
        }
        byte[] buf = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
        int length = builder.write(buf, 0, 0x55, 0, 0);
        s1.endpoint.receiveRtcp(buf, 0, length, scenario.now);
        assertThat(s1.endpoint.downlinkBitrate()).as("the send-side estimate from its start")
                .isEqualTo(ForwardingSettings.defaults().bandwidth().startBitrate());

        builder.reset(received.get(80).transportSequenceNumber());
        for (int k = 0; k < 20; k += 2) {
            builder.addReceived(received.get(80 + k).transportSequenceNumber(), 1_000_000L + 2_000L * k);
        }
        length = builder.write(buf, 0, 0x55, 0, 1);
        s1.endpoint.receiveRtcp(buf, 0, length, scenario.now);
        assertThat(s1.endpoint.downlinkPacketsLost()).as("missing, they may still come late").isZero();
        // No later feedback reported them within the reorder window: lost.
        builder.reset(received.get(100).transportSequenceNumber());
        builder.addReceived(received.get(100).transportSequenceNumber(), 1_300_000L);
        length = builder.write(buf, 0, 0x55, 0, 2);
        s1.endpoint.receiveRtcp(buf, 0, length, scenario.now + SendSideEstimator.REORDER_WINDOW_NANOS);
        assertThat(s1.endpoint.downlinkPacketsLost()).isEqualTo(9);

        Remb.write(remb, 0, 0x55, 100_000, new int[] {s1.ssrcOf(scenario.a.video)}, 1);
        s1.sendRtcp(remb);
        assertThat(s1.endpoint.downlinkBitrate()).as("the REMB bounds the estimate").isEqualTo(100_000);
    }
}
