package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.bwe.BandwidthSettings;
import dev.parley.media.forward.RecordingSink.Rtp;
import dev.parley.media.forward.RoomScenario.Publisher;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtcp.GenericNack;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtp.BigEndian;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * RFC 4585 §6.2.1 NACKs in both directions: a subscriber's answered from the cache (RFC 4588 RTX when it
 * negotiated RTX) and passed upstream only for what the cache lacks; the room's own for what a publisher lost.
 */
class RetransmissionTest {

    static byte[] nack(int mediaSsrc, int... lost) {
        byte[] buf = new byte[RtcpFeedback.HEADER_LENGTH + 4 * lost.length];
        int length = GenericNack.write(buf, 0, 0x77, mediaSsrc, lost, lost.length);
        return Arrays.copyOf(buf, length);
    }

    /** The sequence numbers an RTCP NACK names. */
    static List<Integer> lostIn(byte[] packet) {
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(packet, 0, packet.length)).isTrue();
        List<Integer> lost = new ArrayList<>();
        for (int item = 0; item < nack.itemCount(); item++) {
            lost.add(nack.packetId(item));
            for (int bit = 0; bit < 16; bit++) {
                if ((nack.lostBitmask(item) & 1 << bit) != 0) {
                    lost.add((nack.packetId(item) + bit + 1) & 0xFFFF);
                }
            }
        }
        return lost;
    }

    static List<byte[]> nacksTo(Publisher publisher) {
        return publisher.sink.rtcp(RtcpHeader.RTPFB, RtcpFeedback.FMT_NACK);
    }

    @Test
    void answersANackFromTheCacheAsRtxOrAsTheSamePacket() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(1_000, scenario.a, scenario.b);

        for (Subscriber subscriber : List.of(scenario.s1, scenario.s2, scenario.s3)) {
            int ssrc = subscriber.ssrcOf(scenario.a.video);
            Rtp lost = subscriber.sink.rtp(ssrc).get(10);
            subscriber.sink.clear();

            subscriber.sendRtcp(nack(ssrc, lost.sequenceNumber()));

            assertThat(subscriber.sink.rtp).hasSize(1);
            Rtp resent = subscriber.sink.rtp.getFirst();
            assertThat(resent.timestamp()).isEqualTo(lost.timestamp());
            if (subscriber.rtx) {
                // RFC 4588 §4: the RTX SSRC and payload type, the OSN in front of the original payload.
                assertThat(resent.ssrc()).isEqualTo(ssrc + 1);
                assertThat(resent.payloadType()).isEqualTo(subscriber.vp8 + 1);
                assertThat(BigEndian.u16(resent.payload(), 0)).isEqualTo(lost.sequenceNumber());
                assertThat(Arrays.copyOfRange(resent.payload(), 2, resent.payload().length)).isEqualTo(lost.payload());
            } else {
                assertThat(resent.ssrc()).isEqualTo(ssrc);
                assertThat(resent.sequenceNumber()).isEqualTo(lost.sequenceNumber());
                assertThat(resent.payloadType()).isEqualTo(lost.payloadType());
                assertThat(resent.payload()).isEqualTo(lost.payload());
            }
        }
        assertThat(scenario.room.counters().retransmissionsSent()).isEqualTo(3);
        assertThat(nacksTo(scenario.a)).as("nothing to ask the publisher").isEmpty();
    }

    @Test
    void rtxSequenceNumbersRunInTheirOwnSpace() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        s1.subscribe(scenario.a.video);
        scenario.run(1_000, scenario.a);
        int ssrc = s1.ssrcOf(scenario.a.video);
        List<Rtp> sent = s1.sink.rtp(ssrc);
        s1.sink.clear();

        s1.sendRtcp(nack(ssrc, sent.get(3).sequenceNumber(), sent.get(4).sequenceNumber(),
                sent.get(20).sequenceNumber()));

        List<Rtp> rtx = s1.sink.rtp(ssrc + 1);
        assertThat(rtx).hasSize(3);
        assertThat(rtx.get(1).sequenceNumber()).isEqualTo((rtx.get(0).sequenceNumber() + 1) & 0xFFFF);
        assertThat(rtx.get(2).sequenceNumber()).isEqualTo((rtx.get(0).sequenceNumber() + 2) & 0xFFFF);
    }

    @Test
    void aPacketNackedAgainWithinTheRoundTripIsResentOnlyOnceInIt() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        s1.subscribe(scenario.a.video);
        scenario.run(500, scenario.a);
        int ssrc = s1.ssrcOf(scenario.a.video);
        int lost = s1.sink.rtp(ssrc).get(10).sequenceNumber();
        s1.sink.clear();

        // A receiver NACKs again on its own timer while the resend may still be on its way. Before any transport-cc
        // feedback, the round trip is taken as 100 ms.
        s1.sendRtcp(nack(ssrc, lost));
        scenario.idle(50);
        s1.sendRtcp(nack(ssrc, lost));
        assertThat(s1.sink.rtp(ssrc + 1)).hasSize(1);
        assertThat(scenario.room.counters().retransmissionsTooSoon()).isEqualTo(1);

        scenario.idle(NackResponder.DEFAULT_RESEND_INTERVAL_NANOS / 1_000_000);
        s1.sendRtcp(nack(ssrc, lost));
        assertThat(s1.sink.rtp(ssrc + 1)).as("a round trip later, the resend was lost too").hasSize(2);
        assertThat(scenario.room.counters().retransmissionsSent()).isEqualTo(2);
    }

    @Test
    void retransmissionsTakeAtMostTheirShareOfTheDownlink() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        s1.subscribe(scenario.a.video);
        scenario.run(600, scenario.a);
        int ssrc = s1.ssrcOf(scenario.a.video);
        List<Rtp> sent = s1.sink.rtp(ssrc);
        int[] lost = sent.subList(sent.size() - 40, sent.size()).stream().mapToInt(Rtp::sequenceNumber).toArray();
        // The subscriber's downlink carries 100 kbit/s (its REMB): a quarter of that for retransmissions, with at
        // least a few full packets' worth at once.
        byte[] remb = new byte[64];
        s1.sendRtcp(Arrays.copyOf(remb, Remb.write(remb, 0, 0x77, 100_000, new int[] {ssrc}, 1)));
        s1.sink.clear();

        s1.sendRtcp(nack(ssrc, lost));
        List<Rtp> resent = s1.sink.rtp(ssrc + 1);
        int resentBytes = resent.stream().mapToInt(p -> p.bytes().length).sum();
        assertThat(resent).isNotEmpty().hasSizeLessThan(lost.length);
        assertThat(resentBytes).as("the bucket's depth, give or take the RTX header of each")
                .isLessThanOrEqualTo(RetransmissionBudget.MIN_DEPTH_BYTES + 40 * resent.size());
        assertThat(scenario.room.counters().retransmissionsOverBudget()).isEqualTo(lost.length - resent.size());

        // The budget fills again at 25 % of 100 kbit/s, 3125 B/s: 400 ms later, 1250 B more (within a packet).
        scenario.idle(400);
        s1.sendRtcp(nack(ssrc, lost));
        List<Rtp> all = s1.sink.rtp(ssrc + 1);
        int packet = all.getLast().bytes().length;
        int moreBytes = all.subList(resent.size(), all.size()).stream().mapToInt(p -> p.bytes().length).sum();
        assertThat(moreBytes).isBetween(1250 - packet, 1250 + packet);
    }

    @Test
    void asksThePublisherForWhatTheCacheNoLongerHolds() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        Publisher a = scenario.a;
        s1.subscribe(a.video);
        scenario.run(2_000, a);
        int ssrc = s1.ssrcOf(a.video);
        Rtp old = s1.sink.rtp(ssrc).get(2); // sent about 2 s ago: older than the cache's 1 s
        s1.sink.clear();

        s1.sendRtcp(nack(ssrc, old.sequenceNumber()));

        assertThat(s1.sink.rtp).isEmpty();
        List<byte[]> upstream = nacksTo(a);
        assertThat(upstream).hasSize(1);
        assertThat(RtcpFeedback.mediaSsrc(upstream.getFirst(), 0)).isEqualTo(a.video.ssrc());
        assertThat(RtcpFeedback.senderSsrc(upstream.getFirst(), 0)).isEqualTo(a.endpoint.feedbackSsrc());
        assertThat(lostIn(upstream.getFirst())).as("in the publisher's sequence numbers")
                .containsExactly(a.sequenceNumberOf(old.payload()));
        assertThat(scenario.room.counters().nackedPacketsMissingFromCache()).isEqualTo(1);
    }

    @Test
    void ignoresNacksForPacketsTheSubscriberNeverGot() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        s1.subscribe(scenario.a.video);
        scenario.run(500, scenario.a);
        int ssrc = s1.ssrcOf(scenario.a.video);
        int first = s1.sink.rtp(ssrc).getFirst().sequenceNumber();
        int last = s1.sink.rtp(ssrc).getLast().sequenceNumber();
        s1.sink.clear();

        s1.sendRtcp(nack(ssrc, (first - 1) & 0xFFFF, (last + 1) & 0xFFFF, (last + 500) & 0xFFFF));
        s1.sendRtcp(nack(0x5555, first));

        assertThat(s1.sink.rtp).isEmpty();
        assertThat(nacksTo(scenario.a)).isEmpty();
        assertThat(scenario.room.counters().nacksReceived()).isEqualTo(2);
    }

    @Test
    void nacksWhatThePublisherLostRetriesAndForwardsTheRecoveredPacket() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        Subscriber s1 = scenario.s1;
        s1.subscribe(a.video);
        scenario.run(500, a);
        int lost = (a.browser.videoSequenceNumber + 1) & 0xFFFF;
        a.dropVideo.add(lost);

        scenario.run(40, a);
        assertThat(nacksTo(a)).hasSize(1);
        assertThat(lostIn(nacksTo(a).getFirst())).containsExactly(lost);
        scenario.run(60, a);
        assertThat(nacksTo(a)).as("not again before 100 ms").hasSize(1);
        scenario.run(60, a);
        assertThat(nacksTo(a)).as("a retry").hasSize(2);

        // The subscriber saw the gap and NACKs it too: the room already asks, so nothing more goes upstream.
        int ssrc = s1.ssrcOf(a.video);
        List<Rtp> received = s1.sink.rtp(ssrc);
        int gap = -1;
        for (int i = 1; i < received.size(); i++) {
            if (received.get(i).sequenceNumber() != ((received.get(i - 1).sequenceNumber() + 1) & 0xFFFF)) {
                gap = (received.get(i - 1).sequenceNumber() + 1) & 0xFFFF;
            }
        }
        assertThat(gap).as("the subscriber sees the publisher's loss").isNotNegative();
        s1.sendRtcp(nack(ssrc, gap));
        assertThat(nacksTo(a)).hasSize(2);

        a.send(a.browser.rtx(a.sentVideo.get(lost)));
        Rtp recovered = s1.sink.rtp.getLast();
        assertThat(recovered.sequenceNumber()).as("the recovered packet fills the subscriber's gap").isEqualTo(gap);
        assertThat(recovered.payload()).isEqualTo(RoomScenario.payloadOf(a.sentVideo.get(lost)));
        assertThat(recovered.payloadType()).isEqualTo(FakeBrowser.VP8);
        scenario.run(500, a);
        assertThat(nacksTo(a)).as("recovered: no more NACKs").hasSize(2);

        // A second copy of the retransmission is a duplicate.
        a.send(a.browser.rtx(a.sentVideo.get(lost)));
        assertThat(scenario.room.counters().dropped(DropReason.DUPLICATE)).isEqualTo(1);
    }

    @Test
    void aRetransmittedKeyframeDoesNotStartASubscriber() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.run(300, a);
        scenario.s1.subscribe(a.video);
        int keyframeStart = a.browser.videoSequenceNumber;
        a.dropVideo.add(keyframeStart);
        scenario.run(35, a);
        a.answersPli = false;
        scenario.run(200, a);
        assertThat(scenario.s1.sink.rtp).as("the keyframe's first packet was lost").isEmpty();

        a.send(a.browser.rtx(a.sentVideo.get(keyframeStart)));
        scenario.run(200, a);

        assertThat(scenario.s1.sink.rtp).as("frames after it were never forwarded: it cannot start the stream")
                .isEmpty();
    }

    @Test
    void givesUpAfterTheLastRetry() {
        RoomScenario scenario = new RoomScenario(new ForwardingSettings(Duration.ofMillis(20), 512, 64,
                Duration.ofSeconds(3), Duration.ofMillis(100), 4, 256, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), 100,
                BandwidthSettings.defaults()));
        Publisher a = scenario.a;
        scenario.s1.subscribe(a.video);
        scenario.run(300, a);
        a.dropVideo.add((a.browser.videoSequenceNumber + 2) & 0xFFFF);

        scenario.run(2_000, a);

        assertThat(nacksTo(a)).as("4 tries, then the packet is given up").hasSize(4);
        assertThat(scenario.room.counters().nackedPacketsRequested()).isEqualTo(4);
    }

    @Test
    void aJumpTooWideToNackCostsAKeyframeRequest() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.s1.subscribe(a.video);
        scenario.run(600, a);
        int plis = a.plisReceived();

        a.browser.videoSequenceNumber = (a.browser.videoSequenceNumber + 1_000) & 0xFFFF;
        scenario.run(100, a);

        assertThat(nacksTo(a)).isEmpty();
        assertThat(a.plisReceived()).isEqualTo(plis + 1);
    }
}
