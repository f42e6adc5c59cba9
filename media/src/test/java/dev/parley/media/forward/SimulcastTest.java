package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.bwe.BandwidthSettings;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.Vp8PayloadDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A VP8 simulcast publisher (three layers, three temporal layers each) and one subscriber on a fake clock: the
 * layer the subscriber asks for and its downlink fits, switches at the target layer's keyframe only, temporal
 * layers left out, starving and resuming with the downlink, and the subscriber's one continuous stream throughout
 * (sequence numbers, timestamps, VP8 picture ids and TL0PICIDX).
 */
class SimulcastTest {

    private static final int VIDEO_SSRC = 0x1000;
    private static final int AUDIO_SSRC = 0x1002;
    /** Packets per frame and payload bytes per packet of each layer: about 60, 300 and 750 kbit/s. */
    private static final int[] PACKETS = {1, 2, 3};
    private static final int[] SIZES = {200, 600, 1000};

    private long now = 1_000_000_000L;
    /** The layers the listener heard of, as "spatial/temporal". */
    private final List<String> layerEvents = new ArrayList<>();
    private final ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), new StreamListener() {
        @Override
        public void layersChanged(Subscription subscription, int spatial, int temporal) {
            layerEvents.add(spatial + "/" + temporal);
        }
    }, now, new SplittableRandom(7));
    private final SimulcastBrowser browser = new SimulcastBrowser(0xB000);
    private final FakeBrowser audioBrowser = new FakeBrowser(0xA000);
    private final RecordingSink publisherSink = new RecordingSink(RoomScenario.SUBSCRIBER_IDS);
    /**
     * The subscriber's ids: no transport-cc, so that its downlink is what its REMB says, which the tests set exactly
     * (a subscriber with transport-cc starts at the start bitrate: {@link #aTransportCcSubscriberStartsWithinTheStartBitrate}).
     */
    private static final ExtensionMap REMB_SUBSCRIBER_IDS = new ExtensionMap(Map.of(
            RtpExtension.SSRC_AUDIO_LEVEL.uri(), 10,
            RtpExtension.ABS_SEND_TIME.uri(), 7,
            RtpExtension.SDES_MID.uri(), 8));
    private final RecordingSink subscriberSink = new RecordingSink(REMB_SUBSCRIBER_IDS);
    private final Endpoint publisher = room.addEndpoint(publisherSink, SimulcastBrowser.EXTENSIONS,
            RoomScenario.SUBSCRIBER_IDS);
    private final Endpoint subscriber = room.addEndpoint(subscriberSink, ExtensionMap.NONE, REMB_SUBSCRIBER_IDS);
    private final boolean[] keyframeOwed = {true, true, true};
    /** The lowest layer the publisher sends (Chromium leaves the lowest out of a 640x480 camera's simulcast). */
    private int lowestSent;
    private boolean answersPli = true;
    private int rtcpSeen;
    private long nextTick = now;
    private long nextFrame = now;
    private long nextAudio = now;
    private List<PublisherStream> layers;
    private Subscription video;

    private void publishAndSubscribe(boolean byRid) {
        layers = publisher.publishSimulcast(browser.layerConfigs(byRid));
        PublisherStream audio = publisher.publish(audioBrowser.audioConfig());
        video = subscriber.subscribe(layers.get(2), new SubscriptionConfig(VIDEO_SSRC, OptionalInt.empty(),
                Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8), Map.of(), "v", "sub"));
        subscriber.subscribe(audio, new SubscriptionConfig(AUDIO_SSRC, OptionalInt.empty(),
                Map.of(FakeBrowser.OPUS, FakeBrowser.OPUS), Map.of(), "a", "sub"));
    }

    /** Lets {@code millis} pass in 5 ms steps: a frame on every layer each 33 ms, audio each 20 ms, ticks. */
    private void run(long millis) {
        long end = now + millis * 1_000_000;
        while (now < end) {
            if (now >= nextFrame) {
                noticePlis();
                for (int layer = lowestSent; layer < 3; layer++) {
                    boolean keyframe = keyframeOwed[layer];
                    keyframeOwed[layer] = false;
                    for (byte[] packet : browser.frame(layer, keyframe, PACKETS[layer], SIZES[layer])) {
                        publisher.receiveRtp(packet, 0, packet.length, now);
                    }
                }
                nextFrame += 33_000_000;
            }
            if (now >= nextAudio) {
                byte[] packet = audioBrowser.audio(30);
                publisher.receiveRtp(packet, 0, packet.length, now);
                nextAudio += 20_000_000;
            }
            if (now >= nextTick) {
                room.tick(now);
                nextTick += 20_000_000;
            }
            now += 5_000_000;
        }
    }

    /** A PLI for a layer's SSRC gets a keyframe on that layer's next frame, if the browser answers PLIs. */
    private void noticePlis() {
        RtcpCompound compound = new RtcpCompound();
        for (byte[] bytes : publisherSink.rtcp.subList(rtcpSeen, publisherSink.rtcp.size())) {
            compound.wrap(bytes, 0, bytes.length);
            while (compound.next()) {
                if (compound.packetType() == RtcpHeader.PSFB && compound.countOrFormat() == RtcpFeedback.FMT_PLI) {
                    int mediaSsrc = BigEndian.i32(bytes, compound.offset() + 8);
                    for (int layer = 0; layer < 3; layer++) {
                        if (mediaSsrc == browser.ssrcs[layer] && answersPli) {
                            keyframeOwed[layer] = true;
                        }
                    }
                }
            }
        }
        rtcpSeen = publisherSink.rtcp.size();
    }

    private int plisFor(int layer) {
        return (int) publisherSink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_PLI).stream()
                .filter(pli -> BigEndian.i32(pli, 8) == browser.ssrcs[layer]).count();
    }

    private List<RecordingSink.Rtp> videoReceived() {
        return subscriberSink.rtp(VIDEO_SSRC);
    }

    private static int layerOf(RecordingSink.Rtp packet) {
        return packet.payload()[SimulcastBrowser.LAYER_BYTE];
    }

    private static Vp8PayloadDescriptor descriptor(RecordingSink.Rtp packet) {
        Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
        assertThat(descriptor.wrap(packet.payload(), 0, packet.payload().length)).isTrue();
        return descriptor;
    }

    private static boolean isKeyframeStart(RecordingSink.Rtp packet) {
        return descriptor(packet).startOfFrame() && (packet.payload()[6] & 0x01) == 0;
    }

    /** Without loss, the subscriber's stream has no gap and one picture id per frame, TL0PICIDX one per base frame. */
    private static void assertContinuous(List<RecordingSink.Rtp> packets) {
        assertThat(packets).hasSizeGreaterThan(10);
        for (int i = 1; i < packets.size(); i++) {
            RecordingSink.Rtp previous = packets.get(i - 1);
            RecordingSink.Rtp packet = packets.get(i);
            String where = "packet " + i + " of " + packets.size();
            assertThat(packet.sequenceNumber()).as(where).isEqualTo((previous.sequenceNumber() + 1) & 0xFFFF);
            Vp8PayloadDescriptor before = descriptor(previous);
            int previousPictureId = before.pictureId();
            int previousTl0 = before.tl0PicIdx();
            Vp8PayloadDescriptor after = descriptor(packet);
            if (after.startOfFrame()) {
                assertThat(after.pictureId()).as(where).isEqualTo((previousPictureId + 1) & 0x7FFF);
                assertThat(packet.timestamp() - previous.timestamp()).as(where).isPositive();
                assertThat(after.tl0PicIdx()).as(where)
                        .isEqualTo(after.temporalLayer() == 0 ? (previousTl0 + 1) & 0xFF : previousTl0);
            } else {
                assertThat(after.pictureId()).as(where).isEqualTo(previousPictureId);
                assertThat(packet.timestamp()).as(where).isEqualTo(previous.timestamp());
            }
        }
    }

    @Test
    void forwardsTheHighestLayerAskedForAndSwitchesAtTheTargetLayersKeyframeOnly() {
        publishAndSubscribe(false);
        run(1_500);
        List<RecordingSink.Rtp> atFirst = videoReceived();
        assertThat(layerOf(atFirst.getLast())).as("unconstrained: the highest layer").isEqualTo(2);
        assertThat(video.source()).isSameAs(layers.get(2));
        assertThat(layerEvents.getLast()).isEqualTo("2/2");

        // The subscriber asks for the lowest layer; the publisher is slow to send its keyframe.
        answersPli = false;
        int plisBefore = plisFor(0);
        int sentBefore = atFirst.size();
        video.setPreferredLayers(0, Subscription.MAX_LAYER);
        run(300);
        List<RecordingSink.Rtp> waiting = videoReceived().subList(sentBefore, videoReceived().size());
        assertThat(plisFor(0)).as("a keyframe asked of the target layer").isGreaterThan(plisBefore);
        assertThat(waiting).as("the current layer goes on until then").isNotEmpty()
                .allSatisfy(packet -> assertThat(layerOf(packet)).isEqualTo(2));

        answersPli = true;
        run(1_200);
        List<RecordingSink.Rtp> all = videoReceived();
        int firstLow = sentBefore;
        while (layerOf(all.get(firstLow)) != 0) {
            firstLow++;
        }
        assertThat(firstLow).isGreaterThan(sentBefore + waiting.size() - 1);
        assertThat(isKeyframeStart(all.get(firstLow))).as("the switch happens at a keyframe").isTrue();
        assertThat(all.subList(firstLow, all.size())).allSatisfy(packet -> assertThat(layerOf(packet)).isZero());
        assertThat(layerEvents.getLast()).as("told once switched").isEqualTo("0/2");
        assertContinuous(all);

        // And back up: at the highest layer's keyframe, still one stream.
        video.setPreferredLayers(2, Subscription.MAX_LAYER);
        run(500);
        all = videoReceived();
        assertThat(layerOf(all.getLast())).isEqualTo(2);
        assertContinuous(all);
    }

    @Test
    void leavesOutTemporalLayersAboveTheChosenOneWithoutGaps() {
        publishAndSubscribe(false);
        run(1_000);
        int sentBefore = videoReceived().size();
        video.setPreferredLayers(1, 0);
        run(1_000);
        List<RecordingSink.Rtp> all = videoReceived();
        List<RecordingSink.Rtp> base = all.subList(all.size() - 10, all.size());
        assertThat(base).allSatisfy(packet -> {
            assertThat(layerOf(packet)).isEqualTo(1);
            assertThat(descriptor(packet).temporalLayer()).isZero();
        });
        assertThat(video.temporalLayer()).isZero();
        assertThat(layerEvents.getLast()).isEqualTo("1/0");
        assertContinuous(all.subList(sentBefore, all.size()));

        video.setPreferredLayers(1, 1);
        run(500);
        all = videoReceived();
        assertThat(all.subList(all.size() - 20, all.size()).stream().map(p -> descriptor(p).temporalLayer()))
                .containsOnly(0, 1);
        assertContinuous(all.subList(sentBefore, all.size()));
    }

    @Test
    void aTransportCcSubscriberStartsWithinTheStartBitrateAndWithoutFeedbackIsNotHeldToIt() {
        publishAndSubscribe(false);
        run(1_000);
        assertThat(layers.get(2).rates().upTo(0) * Endpoint.UP_HEADROOM_PERCENT / 100)
                .as("the highest layer does not fit the start bitrate")
                .isGreaterThan(BandwidthSettings.defaults().startBitrate());
        RecordingSink sink = new RecordingSink(RoomScenario.SUBSCRIBER_IDS);
        Endpoint withTransportCc = room.addEndpoint(sink, ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
        Subscription started = withTransportCc.subscribe(layers.get(2), new SubscriptionConfig(VIDEO_SSRC,
                OptionalInt.empty(), Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8), Map.of(), "v", "sub"));

        // Before its first feedback: a layer within the start bitrate, and video flows from the start.
        run(1_000);
        assertThat(started.source()).isNotSameAs(layers.get(2));
        assertThat(started.isStarved()).isFalse();
        assertThat(sink.rtp(VIDEO_SSRC)).isNotEmpty();
        assertThat(sink.rtp(VIDEO_SSRC)).allMatch(packet -> layerOf(packet) < 2);

        // No feedback within the wait: the start bitrate was a guess, and it no longer limits.
        run(DownlinkEstimator.FIRST_FEEDBACK_WAIT_NANOS / 1_000_000);
        assertThat(started.source()).isSameAs(layers.get(2));
        assertThat(layerOf(sink.rtp(VIDEO_SSRC).getLast())).isEqualTo(2);
    }

    /**
     * A transport-cc subscriber behind a shaper: {@code capacity} bit/s after a token bucket of 12 kB, which lets a
     * probe pass at a rate the link does not have. The highest simulcast layer it watched over 15 s (its estimate
     * and layer choice from real transport-cc feedback every 100 ms), and the link.
     */
    private boolean starvedBehindTheShaper;

    private int highestLayerBehindAShaper(long capacity, BottleneckLink[] linkOut) {
        publishAndSubscribe(false);
        run(1_000);
        BottleneckLink link = new BottleneckLink(() -> now, RoomScenario.SUBSCRIBER_IDS, capacity);
        link.burstBytes = 12_000;
        linkOut[0] = link;
        Endpoint viewer = room.addEndpoint(link, ExtensionMap.NONE, RoomScenario.SUBSCRIBER_IDS);
        Subscription watched = viewer.subscribe(layers.get(2), new SubscriptionConfig(VIDEO_SSRC,
                OptionalInt.of(VIDEO_SSRC + 1), Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8),
                Map.of(SimulcastBrowser.VP8, SimulcastBrowser.VP8_RTX), "v", "sub"));
        int highest = -1;
        for (int step = 0; step < 150; step++) {
            run(100);
            link.sendFeedback(viewer);
            highest = Math.max(highest, watched.source().layer());
            starvedBehindTheShaper |= watched.isStarved();
        }
        return highest;
    }

    @Test
    void aStepUpToAHigherLayerThatTheLinkCannotCarryIsNotMadeThoughAProbePassedTheShapersBurst() {
        BottleneckLink[] link = new BottleneckLink[1];
        // The highest layer (~750 kbit/s) does not fit 600 kbit/s; the middle one (~300 kbit/s) does.
        int highest = highestLayerBehindAShaper(600_000, link);

        assertThat(highest).as("never switched to the highest layer").isEqualTo(1);
        assertThat(room.counters().layerTrialsStarted()).as("steps up to the highest layer tried, and failed")
                .isGreaterThan(room.counters().layerTrialsPassed());
        assertThat(link[0].paddingOnly).as("the trials' padding, on the RTX stream").containsKey(VIDEO_SSRC + 1);
        assertThat(link[0].packetsDropped).as("nothing lost: the padding's queue brought the estimate down first")
                .isZero();
        assertThat(starvedBehindTheShaper).as("video never paused after a failed trial").isFalse();
    }

    @Test
    void aStepUpToAHigherLayerIsMadeOnceTheLinkCarriedPaddingAtWhatItAdds() {
        BottleneckLink[] link = new BottleneckLink[1];
        int highest = highestLayerBehindAShaper(3_000_000, link);

        assertThat(room.counters().layerTrialsPassed()).isPositive();
        assertThat(highest).isEqualTo(2);
        assertThat(link[0].packetsDropped).isZero();
    }

    @Test
    void learnsTheSsrcsOfRidLayersFromTheirFirstPackets() {
        publishAndSubscribe(true);
        assertThat(layers.get(0).ssrc()).isZero();
        run(1_500);
        for (int layer = 0; layer < 3; layer++) {
            assertThat(layers.get(layer).ssrc()).isEqualTo(browser.ssrcs[layer]);
            assertThat(layers.get(layer).packetsReceived()).isPositive();
        }
        assertThat(room.counters().dropped(DropReason.UNKNOWN_SSRC)).isZero();
        assertThat(layerOf(videoReceived().getLast())).isEqualTo(2);
        assertThat(plisFor(2)).as("keyframe requests go to the learned SSRC").isPositive();
        assertContinuous(videoReceived());
    }

    @Test
    void starvesVideoButNotAudioWhenTheLowestLayerDoesNotFitAndResumesWhenItFitsWithHeadroom() {
        publishAndSubscribe(false);
        run(1_500);
        long desired = subscriber.desiredDownlinkBitrate();
        assertThat(desired).as("the highest layer with the headroom going up to it takes, and the audio")
                .isEqualTo(layers.get(2).bitrate() * Endpoint.UP_HEADROOM_PERCENT / 100 + audioRate());
        assertThat(layers.get(2).bitrate()).isGreaterThan(layers.get(1).bitrate())
                .isGreaterThan(layers.get(0).bitrate()).isPositive();

        // A downlink that carries the middle layer with room to spare: the subscription moves down to it.
        remb(layers.get(1).bitrate() * 13 / 10 + audioRate());
        run(1_500);
        assertThat(video.source()).isSameAs(layers.get(1));

        // Not even the lowest layer fits: video stops, audio goes on.
        long lowest = layers.get(0).rates().upTo(0);
        remb(lowest / 2 + audioRate());
        run(1_500);
        assertThat(video.isStarved()).isTrue();
        int videoBefore = videoReceived().size();
        int audioBefore = subscriberSink.rtp(AUDIO_SSRC).size();
        run(1_000);
        assertThat(videoReceived()).hasSize(videoBefore);
        assertThat(subscriberSink.rtp(AUDIO_SSRC).size()).isGreaterThan(audioBefore + 40);
        assertThat(subscriber.desiredDownlinkBitrate()).as("still what it would take").isGreaterThan(desired / 2);

        // Exactly the lowest level's rate (the lowest layer's base temporal layer) is not enough to resume
        // (hysteresis); a half more is.
        remb(lowest + audioRate());
        run(1_000);
        assertThat(video.isStarved()).isTrue();
        remb(lowest * 3 / 2 + audioRate());
        run(1_000);
        assertThat(video.isStarved()).isFalse();
        List<RecordingSink.Rtp> all = videoReceived();
        assertThat(all).hasSizeGreaterThan(videoBefore);
        assertThat(isKeyframeStart(all.get(videoBefore))).as("resumes at a keyframe").isTrue();
        assertThat(layerOf(all.getLast())).isZero();
        assertThat(video.temporalLayer()).isZero();
        assertContinuous(all);
    }

    @Test
    void aStepUpTheDownlinkCouldNotCarryIsTriedAgainOnlyAfterABackoffThatDoublesWithEachFailure() {
        publishAndSubscribe(false);
        run(1_500);
        assertThat(video.source()).isSameAs(layers.get(2));
        long fitsHighest = layers.get(2).bitrate() * 2 + audioRate();
        long fitsMiddle = layers.get(1).bitrate() * 13 / 10 + audioRate();

        // A drop long after the last step up is no failure: the next step up comes as soon as the downlink fits.
        run(6_000);
        remb(fitsMiddle);
        run(1_500);
        assertThat(video.source()).isSameAs(layers.get(1));
        remb(fitsHighest);
        run(1_500);
        assertThat(video.source()).as("no backoff after a step up that held").isSameAs(layers.get(2));

        // That step up fails (the downlink drops again within seconds): the highest layer waits for 8 s.
        remb(fitsMiddle);
        run(1_000);
        assertThat(video.source()).isSameAs(layers.get(1));
        remb(fitsHighest);
        run(6_500);
        assertThat(video.source()).as("backing off").isSameAs(layers.get(1));
        run(2_000);
        assertThat(video.source()).as("the backoff ended").isSameAs(layers.get(2));

        // Failing again at once doubles it to 16 s.
        remb(fitsMiddle);
        run(1_000);
        assertThat(video.source()).isSameAs(layers.get(1));
        remb(fitsHighest);
        run(14_000);
        assertThat(video.source()).as("backing off twice as long").isSameAs(layers.get(1));
        run(3_000);
        assertThat(video.source()).isSameAs(layers.get(2));
        assertContinuous(videoReceived());
    }

    @Test
    void whenThePublisherLeavesItsLowestLayerOutATightDownlinkGetsTheLowestArrivingLayerAtAReducedFrameRate() {
        lowestSent = 1;
        publishAndSubscribe(false);
        run(1_500);
        assertThat(video.source()).isSameAs(layers.get(2));

        // The middle layer in full does not fit, its base temporal layer does: that, rather than no video.
        long middleBase = layers.get(1).rates().upTo(0);
        assertThat(layers.get(1).rates().upTo(2)).isGreaterThan(middleBase * 3 / 2);
        remb(middleBase * 13 / 10 + audioRate());
        run(2_000);
        assertThat(video.isStarved()).isFalse();
        assertThat(video.source()).isSameAs(layers.get(1));
        assertThat(video.temporalLayer()).isZero();
        List<RecordingSink.Rtp> all = videoReceived();
        assertThat(all.subList(all.size() - 5, all.size())).allSatisfy(packet -> {
            assertThat(layerOf(packet)).isEqualTo(1);
            assertThat(descriptor(packet).temporalLayer()).isZero();
        });
    }

    private long audioRate() {
        return publisher.streams()[3].bitrate();
    }

    private void remb(long bitrate) {
        byte[] buf = new byte[64];
        int length = Remb.write(buf, 0, 0x77, bitrate, new int[] {VIDEO_SSRC}, 1);
        subscriber.receiveRtcp(buf, 0, length, now);
    }

    @Test
    void aSubscriptionSwitchedToAnotherPublishersLayersFollowsThem() {
        publishAndSubscribe(false);
        run(1_000);
        SimulcastBrowser other = new SimulcastBrowser(0xC000);
        Endpoint otherPublisher = room.addEndpoint(new RecordingSink(RoomScenario.SUBSCRIBER_IDS),
                SimulcastBrowser.EXTENSIONS, RoomScenario.SUBSCRIBER_IDS);
        List<PublisherStream> otherLayers = otherPublisher.publishSimulcast(other.layerConfigs(false));
        video.switchSource(otherLayers.get(0));
        assertThat(layers.get(0).subscriptionCount()).isZero();
        assertThat(layers.get(2).subscriptionCount()).isZero();
        assertThat(otherLayers.get(1).subscriptionCount()).isOne();
        List<Integer> sizes = new ArrayList<>();
        for (PublisherStream layer : otherLayers) {
            sizes.add(layer.layer());
        }
        assertThat(sizes).containsExactly(0, 1, 2);
    }

    /**
     * Mutated simulcast packets (their SSRCs, RIDs, layers and picture ids too) once the RID layers learned their
     * SSRCs: the first SSRC to name a RID keeps it, the others are refused, and forwarding goes on.
     */
    @Test
    void survivesMutatedPacketsAfterLearningRidLayers() {
        publishAndSubscribe(true);
        run(500);
        Random random = new Random(3);
        SimulcastBrowser garbage = new SimulcastBrowser(0xD000);
        for (int i = 0; i < 5_000; i++) {
            byte[] packet = garbage.frame(random.nextInt(3), random.nextBoolean(), 1, 50 + random.nextInt(200))[0];
            for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(packet.length + 1) : packet.length;
            publisher.receiveRtp(packet, 0, length, now);
            subscriber.receiveRtcp(packet, 0, length, now);
        }
        assertThat(room.counters().dropped(DropReason.UNKNOWN_SSRC)).isPositive();
        int before = videoReceived().size();
        run(2_000);
        for (int layer = 0; layer < 3; layer++) {
            assertThat(layers.get(layer).ssrc()).isEqualTo(browser.ssrcs[layer]);
        }
        assertThat(videoReceived().size() - before).as("video goes on").isGreaterThan(100);
    }
}
