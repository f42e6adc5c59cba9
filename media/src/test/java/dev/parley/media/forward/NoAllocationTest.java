package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.testing.AllocationRounds;
import dev.parley.media.rtcp.GenericNack;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.TransportCcFeedbackBuilder;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's rule for the media hot path: once warm, receiving, forwarding, answering NACKs and PLIs,
 * relaying sender reports, reading feedback and running the timers allocate nothing. Measured with the JVM's
 * per-thread allocation counter around rounds of thousands of packets.
 */
class NoAllocationTest {

    private static final int ROUNDS = 5;
    private static final int TRANSPORT_CC_ID = RoomScenario.SUBSCRIBER_IDS.id(RtpExtension.TRANSPORT_CC);

    /** A transport that only counts, remembering the last sequence number per subscriber SSRC. */
    static final class CountingSink implements PacketSink {
        long packets;
        long bytes;
        int lastVideoSequenceNumber = -1;
        int lastTransportSequenceNumber = -1;
        /** The first transport-wide number the subscriber's feedback has not covered, -1 when all were. */
        int firstUnreported = -1;
        int videoSsrc;
        private final RtpPacket view = new RtpPacket();
        private final HeaderExtensions extensions = new HeaderExtensions();
        /** The test's clock, for the arrival times of {@link #arrivalMicros}. */
        long now;
        /** When each transport-wide number arrives over a 1.5 Mbit/s link (a queue when sent faster). */
        final long[] arrivalMicros = new long[1 << 16];
        private long linkBusyUntilMicros;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            packets++;
            bytes += len;
            if (BigEndian.i32(buf, off + 8) == videoSsrc) {
                lastVideoSequenceNumber = BigEndian.u16(buf, off + 2);
            }
            if (!view.wrap(buf, off, len) || !extensions.find(view, TRANSPORT_CC_ID)) {
                throw new AssertionError("no transport-wide sequence number");
            }
            lastTransportSequenceNumber = TransportSequenceNumber.read(buf, extensions.dataOffset());
            if (firstUnreported < 0) {
                firstUnreported = lastTransportSequenceNumber;
            }
            linkBusyUntilMicros = Math.max(linkBusyUntilMicros, now / 1_000) + len * 8L * 1_000_000 / 1_500_000;
            arrivalMicros[lastTransportSequenceNumber] = linkBusyUntilMicros + 20_000;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            packets++;
            bytes += len;
        }

        /** The subscriber's transport-cc feedback on everything sent since its last, as the link delivered it. */
        void reportTransportCc(TransportCcFeedbackBuilder feedback, byte[] rtcp, int feedbackCount, Endpoint subscriber,
                long nowNanos) {
            if (firstUnreported < 0) {
                return;
            }
            int count = ((lastTransportSequenceNumber - firstUnreported) & 0xFFFF) + 1;
            feedback.reset(firstUnreported);
            for (int k = 0; k < count; k++) {
                int sequenceNumber = (firstUnreported + k) & 0xFFFF;
                feedback.addReceived(sequenceNumber, arrivalMicros[sequenceNumber]);
            }
            int length = feedback.write(rtcp, 0, 0x77, 0, feedbackCount);
            subscriber.receiveRtcp(rtcp, 0, length, nowNanos);
            firstUnreported = -1;
        }
    }

    @Test
    void theWarmHotPathAllocatesNothing() {
        long now = 1_000_000_000L;
        ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, now,
                new SplittableRandom(3));
        List<FakeBrowser> browsers = List.of(new FakeBrowser(0xA000), new FakeBrowser(0xB000));
        List<Endpoint> publishers = new ArrayList<>();
        List<PublisherStream> videos = new ArrayList<>();
        List<PublisherStream> audios = new ArrayList<>();
        for (FakeBrowser browser : browsers) {
            Endpoint endpoint = room.addEndpoint(new CountingSink(), FakeBrowser.EXTENSIONS,
                    RoomScenario.SUBSCRIBER_IDS);
            audios.add(endpoint.publish(browser.audioConfig()));
            videos.add(endpoint.publish(browser.videoConfig()));
            publishers.add(endpoint);
        }
        CountingSink[] sinks = new CountingSink[3];
        Endpoint[] subscribers = new Endpoint[3];
        for (int s = 0; s < 3; s++) {
            sinks[s] = new CountingSink();
            subscribers[s] = room.addEndpoint(sinks[s], ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
            int ssrc = 0x1000 * (s + 1);
            sinks[s].videoSsrc = ssrc;
            subscribers[s].subscribe(videos.get(0), new SubscriptionConfig(ssrc, OptionalInt.of(ssrc + 1),
                    Map.of(FakeBrowser.VP8, FakeBrowser.VP8), Map.of(FakeBrowser.VP8, FakeBrowser.VP8_RTX), "v", "c"));
            subscribers[s].subscribe(audios.get(0), new SubscriptionConfig(ssrc + 2, OptionalInt.empty(),
                    Map.of(FakeBrowser.OPUS, FakeBrowser.OPUS), Map.of(), "a", "c"));
            subscribers[s].subscribe(videos.get(1), new SubscriptionConfig(ssrc + 4, OptionalInt.empty(),
                    Map.of(FakeBrowser.VP8, FakeBrowser.VP8), Map.of(), "v2", ""));
            subscribers[s].subscribe(audios.get(1), new SubscriptionConfig(ssrc + 6, OptionalInt.empty(),
                    Map.of(FakeBrowser.OPUS, FakeBrowser.OPUS), Map.of(), "a2", ""));
        }

        // Prepared up front: 20 ms steps of audio and 1.5 video frames per publisher, a keyframe now and then,
        // one video packet in 50 lost on the way in and retransmitted 60 ms later.
        int steps = 6_000;
        List<List<byte[]>> media = new ArrayList<>();
        List<List<byte[]>> late = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            media.add(new ArrayList<>());
            late.add(new ArrayList<>());
        }
        for (FakeBrowser browser : browsers) {
            for (int i = 0; i < steps; i++) {
                media.get(i).add(browser.audio(20 + i % 60));
                if (i % 2 == 0 || i % 3 == 0) {
                    byte[][] frame = browser.videoFrame(i % 500 == 0, 3);
                    for (int k = 0; k < frame.length; k++) {
                        if ((i + k) % 50 == 7 && i + 3 < steps) {
                            late.get(i + 3).add(browser.rtx(frame[k]));
                        } else {
                            media.get(i).add(frame[k]);
                        }
                    }
                }
                if (i % 40 == 0) {
                    media.get(i).add(browser.rtxPadding());
                }
            }
        }
        // Arrays, not lists, so that the loop itself allocates no iterators.
        byte[][][] mediaSteps = media.stream().map(l -> l.toArray(byte[][]::new)).toArray(byte[][][]::new);
        byte[][][] lateSteps = late.stream().map(l -> l.toArray(byte[][]::new)).toArray(byte[][][]::new);
        Endpoint publisherA = publishers.get(0);
        Endpoint publisherB = publishers.get(1);
        byte[] rtcp = new byte[PacketSink.MAX_PACKET_LENGTH];
        int[] lost = new int[2];
        TransportCcFeedbackBuilder feedback = new TransportCcFeedbackBuilder();
        int[] rembSsrcs = {0x1000};
        int videoSsrc = videos.get(0).ssrc();

        Runnable[] step = new Runnable[1];
        long[] clock = {now};
        int[] index = {0};
        step[0] = () -> {
            int i = index[0]++;
            long t = clock[0] += 20_000_000;
            for (CountingSink sink : sinks) {
                sink.now = t;
            }
            for (byte[] packet : mediaSteps[i]) {
                Endpoint publisher = (BigEndian.u16(packet, 10) & 0xF000) == 0xA000 ? publisherA : publisherB;
                publisher.receiveRtp(packet, 0, packet.length, t);
            }
            for (byte[] packet : lateSteps[i]) {
                Endpoint publisher = (BigEndian.u16(packet, 10) & 0xF000) == 0xA000 ? publisherA : publisherB;
                publisher.receiveRtp(packet, 0, packet.length, t + 1_000_000);
            }
            for (int s = 0; s < 3; s++) {
                CountingSink sink = sinks[s];
                if (i % 5 == s && sink.lastVideoSequenceNumber >= 0) {
                    lost[0] = (sink.lastVideoSequenceNumber - 3) & 0xFFFF;
                    lost[1] = (sink.lastVideoSequenceNumber - 1) & 0xFFFF;
                    int length = GenericNack.write(rtcp, 0, 0x77, sink.videoSsrc, lost, 2);
                    subscribers[s].receiveRtcp(rtcp, 0, length, t);
                }
                if (i % 5 == s + 1) {
                    sink.reportTransportCc(feedback, rtcp, i, subscribers[s], t);
                }
            }
            if (i % 97 == 0) {
                int length = PictureLossIndication.write(rtcp, 0, 0x77, sinks[1].videoSsrc);
                subscribers[1].receiveRtcp(rtcp, 0, length, t);
                length = Remb.write(rtcp, 0, 0x77, 900_000, rembSsrcs, 1);
                subscribers[2].receiveRtcp(rtcp, 0, length, t);
            }
            if (i % 50 == 0) {
                int length = SenderReport.write(rtcp, 0, videoSsrc, 0xE000_0000_0000_0000L + i, i * 3000, i, i);
                publisherA.receiveRtcp(rtcp, 0, length, t);
            }
            room.tick(t);
        };

        int warm = steps / 2;
        for (int i = 0; i < warm; i++) {
            step[0].run();
        }
        long packetsBefore = sinks[0].packets;
        int perRound = (steps - warm) / ROUNDS;
        AllocationRounds rounds = AllocationRounds.measure(ROUNDS, round -> {
            for (int i = 0; i < perRound; i++) {
                step[0].run();
            }
        });

        ForwardingCounters counters = room.counters();
        assertThat(sinks[0].packets - packetsBefore).as("the loop forwarded").isGreaterThan(10_000);
        assertThat(counters.retransmissionsSent()).as("NACKs answered from the cache").isGreaterThan(1_000);
        assertThat(counters.nackedPacketsRequested()).as("losses NACKed to the publishers").isPositive();
        assertThat(counters.transportCcFeedbackSent()).isPositive();
        assertThat(counters.keyframeRequestsSent()).isPositive();
        assertThat(counters.dropped(DropReason.RTX_PADDING)).isPositive();
        assertThat(subscribers[2].downlinkBitrate()).as("the REMB bounds the estimate").isPositive()
                .isLessThanOrEqualTo(900_000);
        assertThat(rounds.least())
                .as("bytes allocated per round of %d steps (%d packets forwarded to one subscriber in all): %s",
                        perRound, sinks[0].packets - packetsBefore, rounds)
                .isZero();
    }

    /**
     * The same for simulcast: a three-layer VP8 publisher with temporal layers, one subscriber changing the layers
     * it asks for (spatial switches at keyframes, temporal layers left out and taken up again) and one whose
     * downlink swings between starving its video, fitting every layer and fitting some (where its estimator probes
     * with padding on its RTX stream, on transport-cc feedback from a 1.5 Mbit/s link).
     */
    @Test
    void simulcastLayerSwitchingAllocatesNothing() {
        long now = 1_000_000_000L;
        ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, now,
                new SplittableRandom(5));
        SimulcastBrowser browser = new SimulcastBrowser(0xB000);
        Endpoint publisher = room.addEndpoint(new CountingSink(), SimulcastBrowser.EXTENSIONS,
                RoomScenario.SUBSCRIBER_IDS);
        List<PublisherStream> layers = publisher.publishSimulcast(browser.layerConfigs(true));
        CountingSink[] sinks = {new CountingSink(), new CountingSink()};
        Endpoint[] subscribers = new Endpoint[2];
        Subscription[] subscriptions = new Subscription[2];
        for (int s = 0; s < 2; s++) {
            subscribers[s] = room.addEndpoint(sinks[s], ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
            sinks[s].videoSsrc = 0x1000 * (s + 1);
            // The second negotiated RTX, so that its estimator can probe while the layer choice starves it.
            subscriptions[s] = subscribers[s].subscribe(layers.get(2), new SubscriptionConfig(sinks[s].videoSsrc,
                    s == 1 ? OptionalInt.of(sinks[s].videoSsrc + 1) : OptionalInt.empty(),
                    Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8),
                    s == 1 ? Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8_RTX) : Map.of(), "v", "c"));
        }
        // 20 ms steps; a frame on every layer each other step, a keyframe on every layer each 60 frames.
        int steps = 6_000;
        byte[][][] mediaSteps = new byte[steps][][];
        for (int i = 0; i < steps; i++) {
            List<byte[]> packets = new ArrayList<>();
            if (i % 2 == 0) {
                for (int layer = 0; layer < 3; layer++) {
                    packets.addAll(List.of(browser.frame(layer, i % 120 == 0, layer + 1, 300 * (layer + 1))));
                }
            }
            mediaSteps[i] = packets.toArray(byte[][]::new);
        }
        byte[] rtcp = new byte[PacketSink.MAX_PACKET_LENGTH];
        TransportCcFeedbackBuilder feedback = new TransportCcFeedbackBuilder();
        int[] rembSsrcs = {sinks[1].videoSsrc};
        long[] clock = {now};
        int[] index = {0};
        Runnable step = () -> {
            int i = index[0]++;
            long t = clock[0] += 20_000_000;
            for (byte[] packet : mediaSteps[i]) {
                publisher.receiveRtp(packet, 0, packet.length, t);
            }
            if (i % 300 == 0) {
                subscriptions[0].setPreferredLayers((i / 300) % 3, (i / 600) % 3);
            }
            if (i % 25 == 0) {
                // Starving, fitting every layer, and between (the estimator probing for more).
                long bitrate = switch ((i / 250) % 3) { case 0 -> 5_000; case 1 -> 50_000_000; default -> 400_000; };
                int length = Remb.write(rtcp, 0, 0x77, bitrate, rembSsrcs, 1);
                subscribers[1].receiveRtcp(rtcp, 0, length, t);
            }
            CountingSink sink = sinks[1];
            sink.now = t;
            if (i % 5 == 0) {
                sink.reportTransportCc(feedback, rtcp, i, subscribers[1], t);
            }
            room.tick(t);
        };
        int warm = steps / 2;
        for (int i = 0; i < warm; i++) {
            step.run();
        }
        long[] before = {sinks[0].packets, sinks[1].packets};
        long probesBefore = room.counters().probePacketsSent();
        int perRound = (steps - warm) / ROUNDS;
        AllocationRounds rounds = AllocationRounds.measure(ROUNDS, round -> {
            for (int i = 0; i < perRound; i++) {
                step.run();
            }
        });
        assertThat(sinks[0].packets - before[0]).as("forwarded to the first").isGreaterThan(1_000);
        assertThat(sinks[1].packets - before[1]).as("forwarded to the second").isGreaterThan(1_000);
        assertThat(room.counters().probePacketsSent() - probesBefore).as("probes sent while measured").isPositive();
        assertThat(rounds.least()).as("bytes allocated per round of %d steps: %s", perRound, rounds).isZero();
    }
}
