package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.bwe.BandwidthSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The send-side estimate toward a subscriber behind a simulated bottleneck ({@link BottleneckLink}), on the room's
 * fake clock: a publisher whose encoder follows the estimate (as a browser's follows its own, and as simulcast layer
 * choice will) sends video through the room to a subscriber that negotiated RTX and answers with transport-cc
 * feedback.
 */
class BandwidthEstimationTest {

    private static final long MS = 1_000_000;

    /** One publisher, one subscriber behind the link; {@code run} advances the clock in 5 ms steps. */
    private static final class Scenario {
        long now = 10_000_000_000L;
        final ForwardingRoom room;
        final FakeBrowser browser = new FakeBrowser(0xA000);
        final Endpoint publisher;
        final Endpoint subscriber;
        final BottleneckLink link;
        /** The most the publisher's encoder sends, bit/s. */
        long sourceMax = 20_000_000;
        private long nextFrame;
        private long nextTick;
        private long nextFeedback;
        private int frames;

        Scenario(long capacity) {
            this(capacity, BandwidthSettings.defaults(), true);
        }

        Scenario(long capacity, BandwidthSettings bandwidth, boolean rtx) {
            ForwardingSettings d = ForwardingSettings.defaults();
            ForwardingSettings settings = new ForwardingSettings(d.tickInterval(), d.videoCachePackets(),
                    d.audioCachePackets(), d.cacheMaxAge(), d.nackRetryInterval(), d.nackMaxRetries(), d.nackMaxGap(),
                    d.transportCcInterval(), d.receiverReportInterval(), d.keyframeRequestMinInterval(),
                    d.keyframeRetryInterval(), d.noMediaTimeout(), d.audioLevelWindow(), bandwidth);
            room = new ForwardingRoom(settings, new StreamListener() { }, now, new SplittableRandom(3));
            publisher = room.addEndpoint(new PacketSink() {
                @Override
                public void sendRtp(byte[] buf, int off, int len) {
                }

                @Override
                public void sendRtcp(byte[] buf, int off, int len) {
                }
            }, FakeBrowser.EXTENSIONS, RoomScenario.SUBSCRIBER_IDS);
            PublisherStream video = publisher.publish(browser.videoConfig());
            link = new BottleneckLink(() -> now, RoomScenario.SUBSCRIBER_IDS, capacity);
            subscriber = room.addEndpoint(link, ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
            subscriber.subscribe(video, new SubscriptionConfig(0x1000,
                    rtx ? OptionalInt.of(0x1001) : OptionalInt.empty(), Map.of(FakeBrowser.VP8, FakeBrowser.VP8),
                    rtx ? Map.of(FakeBrowser.VP8, FakeBrowser.VP8_RTX) : Map.of(), "0", "sub"));
            nextFrame = nextTick = nextFeedback = now;
        }

        /** What the encoder aims at: the estimate (the start rate before there is one), at most its maximum. */
        long target() {
            long estimate = subscriber.downlinkBitrate();
            return Math.min(estimate > 0 ? estimate : 300_000, sourceMax);
        }

        void run(long millis) {
            long end = now + millis * MS;
            while (now < end) {
                now += 5 * MS;
                if (now >= nextFrame) {
                    nextFrame += 33 * MS;
                    int bytes = (int) (target() * 33 / 8_000);
                    int packets = Math.max(1, (bytes + 1099) / 1100);
                    for (byte[] packet : browser.videoFrame(frames++ % 30 == 0, packets,
                            Math.max(20, bytes / packets))) {
                        publisher.receiveRtp(packet, 0, packet.length, now);
                    }
                }
                if (now >= nextFeedback) {
                    nextFeedback += 100 * MS;
                    link.sendFeedback(subscriber);
                }
                if (now >= nextTick) {
                    nextTick += 20 * MS;
                    room.tick(now);
                }
            }
        }

        /** The mean of the estimate sampled every 100 ms over the next {@code millis}. */
        long meanEstimate(long millis) {
            long sum = 0;
            int samples = 0;
            for (long t = 0; t < millis; t += 100) {
                run(100);
                sum += subscriber.downlinkBitrate();
                samples++;
            }
            return sum / samples;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {300_000, 1_000_000, 2_500_000})
    void convergesToTheBottleneck(long capacity) {
        Scenario scenario = new Scenario(capacity);
        scenario.run(20_000);

        assertThat(scenario.meanEstimate(10_000)).isCloseTo(capacity, Percentage.withPercentage(25));
        assertThat(scenario.link.packetsDropped).as("the queue rarely overflows")
                .isLessThan(scenario.link.packetsSent / 50);
    }

    @Test
    void dropsWithinSecondsWhenTheBottleneckHalvesAndRecoversWhenItGrows() {
        Scenario scenario = new Scenario(2_000_000);
        scenario.run(20_000);
        assertThat(scenario.meanEstimate(5_000)).isCloseTo(2_000_000, Percentage.withPercentage(25));

        scenario.link.capacity = 1_000_000;
        scenario.run(3_000);
        assertThat(scenario.subscriber.downlinkBitrate()).as("3 s after the capacity halved")
                .isLessThan(1_250_000);
        assertThat(scenario.meanEstimate(5_000)).isCloseTo(1_000_000, Percentage.withPercentage(25));

        scenario.link.capacity = 2_000_000;
        scenario.run(15_000);
        assertThat(scenario.meanEstimate(5_000)).isCloseTo(2_000_000, Percentage.withPercentage(25));
    }

    @Test
    void probesAbovePaddingFreeMediaToFindTheCapacity() {
        Scenario scenario = new Scenario(2_500_000);
        scenario.sourceMax = 600_000; // a low simulcast layer: media alone never shows what the link carries
        scenario.run(20_000);

        assertThat(scenario.meanEstimate(5_000)).isCloseTo(2_500_000, Percentage.withPercentage(25));
        long probes = scenario.room.counters().probePacketsSent();
        assertThat(probes).isPositive();
        assertThat(scenario.link.paddingOnly).as("padding only, on the RTX SSRC").containsOnlyKeys(0x1001)
                .containsEntry(0x1001, (int) probes);
        assertThat(probes).as("bounded: clusters of at most 3 x 64 packets, one per probe interval once found")
                .isLessThan(10 * 3 * DownlinkEstimator.MAX_PROBE_PACKETS_PER_BURST);
    }

    @Test
    void withoutRtxProbesArePaddingOnTheMediaStreamBetweenFramesNumberedInLine() {
        Scenario scenario = new Scenario(2_500_000, BandwidthSettings.defaults(), false);
        scenario.sourceMax = 600_000;
        scenario.run(20_000);

        assertThat(scenario.meanEstimate(5_000)).isCloseTo(2_500_000, Percentage.withPercentage(25));
        long probes = scenario.room.counters().probePacketsSent();
        assertThat(probes).isPositive();
        assertThat(scenario.link.paddingOnly).as("padding only, on the media SSRC").containsOnlyKeys(0x1000)
                .containsEntry(0x1000, (int) probes);
        // The receiver sees one stream without gaps, and never padding inside a frame: each packet of padding
        // follows a frame's last packet (or another packet of padding) and carries its timestamp.
        List<BottleneckLink.Sent> sent = scenario.link.sent;
        for (int i = 1; i < sent.size(); i++) {
            BottleneckLink.Sent previous = sent.get(i - 1);
            BottleneckLink.Sent packet = sent.get(i);
            assertThat(packet.sequenceNumber()).as("packet %d", i).isEqualTo((previous.sequenceNumber() + 1) & 0xFFFF);
            if (packet.paddingOnly()) {
                assertThat(previous.marker() || previous.paddingOnly()).as("padding at %d follows a frame's end", i)
                        .isTrue();
                assertThat(packet.timestamp()).isEqualTo(previous.timestamp());
            }
        }
    }

    @Test
    void withoutRtxAProbeTheReceiverNacksIsSentAgainAsPaddingUnderItsOwnNumber() {
        Scenario scenario = new Scenario(2_500_000, BandwidthSettings.defaults(), false);
        scenario.sourceMax = 600_000;
        for (int step = 0; step < 2_000 && !scenario.link.paddingOnly.containsKey(0x1000); step++) {
            scenario.run(5);
        }
        List<BottleneckLink.Sent> sent = scenario.link.sent;
        BottleneckLink.Sent probe = sent.getLast();
        assertThat(probe.paddingOnly()).as("the start-up probe").isTrue();

        int before = sent.size();
        byte[] nack = RetransmissionTest.nack(0x1000, probe.sequenceNumber());
        scenario.subscriber.receiveRtcp(nack, 0, nack.length, scenario.now);

        assertThat(sent.subList(before, sent.size())).singleElement()
                .isEqualTo(new BottleneckLink.Sent(0x1000, probe.sequenceNumber(), probe.timestamp(), false, true));
        assertThat(scenario.room.counters().retransmissionsSent()).isOne();
    }

    @Test
    void withoutProbingTheEstimateStaysNearWhatMediaShows() {
        Scenario scenario = new Scenario(2_500_000, new BandwidthSettings(300_000, 30_000, 10_000_000, false,
                Duration.ofSeconds(5)), true);
        scenario.sourceMax = 600_000;
        scenario.run(20_000);

        assertThat(scenario.subscriber.downlinkBitrate()).isLessThanOrEqualTo(1_000_000);
        assertThat(scenario.room.counters().probePacketsSent()).isZero();
    }

    @Test
    void backsOffUnderRandomLoss() {
        Scenario clean = new Scenario(1_000_000);
        clean.run(20_000);
        long withoutLoss = clean.meanEstimate(5_000);

        Scenario lossy = new Scenario(1_000_000);
        lossy.link.lossRate = 0.10;
        lossy.run(15_000);
        double loss = 0;
        for (int i = 0; i < 50; i++) {
            lossy.run(100);
            loss += lossy.subscriber.downlinkLossFraction() / 50;
        }
        long withLoss = lossy.meanEstimate(5_000);

        assertThat(loss).as("the loss the feedback reports").isBetween(0.06, 0.16);
        assertThat(withLoss).as("more than 10 % lost now and then: decreases that 2-10 %% never undo")
                .isLessThan(withoutLoss / 2);
        assertThat(lossy.subscriber.downlinkPacketsLost()).isPositive();
    }

    /**
     * A room of eleven as one subscriber sees it: ten publishers' audio (~30 kbit/s each, ~300 together) and light
     * video (one 800-byte frame at 15 frames/s, ~100 kbit/s each), behind a 3 Mbit/s link. Heavy loss takes the
     * estimate below what the audio alone takes, which pauses every video; once the loss ends, the video must come
     * back, though the audio alone fills what the estimate then is (no room for media to show more).
     */
    @Test
    void videoPausedByHeavyLossComesBackOnceTheLossEnds() {
        long[] now = {10_000_000_000L};
        ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), new StreamListener() { }, now[0],
                new SplittableRandom(11));
        BottleneckLink link = new BottleneckLink(() -> now[0], RoomScenario.SUBSCRIBER_IDS, 3_000_000);
        Endpoint subscriber = room.addEndpoint(link, ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
        List<FakeBrowser> browsers = new java.util.ArrayList<>();
        List<Endpoint> publishers = new java.util.ArrayList<>();
        List<Subscription> videos = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            FakeBrowser browser = new FakeBrowser(0xA000 + 16 * i);
            Endpoint publisher = room.addEndpoint(new RecordingSink(FakeBrowser.EXTENSIONS), FakeBrowser.EXTENSIONS,
                    RoomScenario.SUBSCRIBER_IDS);
            PublisherStream audio = publisher.publish(browser.audioConfig());
            PublisherStream video = publisher.publish(browser.videoConfig());
            subscriber.subscribe(audio, new SubscriptionConfig(0x1000 + 16 * i, OptionalInt.empty(),
                    Map.of(FakeBrowser.OPUS, FakeBrowser.OPUS), Map.of(), "a" + i, "sub"));
            videos.add(subscriber.subscribe(video, new SubscriptionConfig(0x1001 + 16 * i, OptionalInt.of(0x1002 + 16 * i),
                    Map.of(FakeBrowser.VP8, FakeBrowser.VP8), Map.of(FakeBrowser.VP8, FakeBrowser.VP8_RTX), "v" + i, "sub")));
            browsers.add(browser);
            publishers.add(publisher);
        }
        Runnable second = () -> {
            long end = now[0] + 1_000 * MS;
            for (int step = 0; now[0] < end; step++) {
                now[0] += 5 * MS;
                for (int i = 0; i < browsers.size(); i++) {
                    FakeBrowser browser = browsers.get(i);
                    if (step % 4 == i % 4) {
                        byte[] audio = browser.audio(40);
                        publishers.get(i).receiveRtp(audio, 0, audio.length, now[0]);
                    }
                    if (step % 13 == i) {
                        // a keyframe now and then, as a publisher asked for one sends anyway
                        for (byte[] packet : browser.videoFrame(step % 130 == i, 1, 800)) {
                            publishers.get(i).receiveRtp(packet, 0, packet.length, now[0]);
                        }
                    }
                }
                if (step % 20 == 0) {
                    link.sendFeedback(subscriber);
                }
                if (step % 4 == 0) {
                    room.tick(now[0]);
                }
            }
        };
        for (int s = 0; s < 15; s++) {
            second.run();
        }
        assertThat(videos).as("every video flows on the clean link").allMatch(Subscription::isForwarding);

        link.lossRate = 0.4;
        for (int s = 0; s < 8; s++) {
            second.run();
        }
        assertThat(videos).as("heavy loss pauses every video").allMatch(Subscription::isStarved);

        link.lossRate = 0;
        for (int s = 0; s < 10; s++) {
            second.run();
        }
        assertThat(videos).as("every video back 10 s after the loss ended").allMatch(Subscription::isForwarding);
    }
}
