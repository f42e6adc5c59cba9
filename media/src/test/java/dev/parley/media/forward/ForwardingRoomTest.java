package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Hex;
import dev.parley.media.forward.RecordingSink.Rtp;
import dev.parley.media.forward.RoomScenario.Publisher;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.RtpSequence;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The forwarding graph end to end on a fake clock: two publishing browsers, three subscribers, each subscriber
 * in its own SSRC, sequence number and timestamp space, starting on keyframes.
 */
class ForwardingRoomTest {

    static void assertContinuous(List<Rtp> packets, int timestampStep) {
        assertThat(packets).isNotEmpty();
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequenceNumber()).as("sequence number after %s", packets.get(i - 1))
                    .isEqualTo((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
            int step = RtpSequence.timestampDiff(packets.get(i).timestamp(), packets.get(i - 1).timestamp());
            assertThat(step).as("timestamp step").isIn(0, timestampStep);
        }
    }

    static boolean startsKeyframe(Rtp packet) {
        return (packet.payload()[0] & 0x10) != 0 && (packet.payload()[4] & 0x01) == 0;
    }

    @Test
    void everySubscriberGetsEachStreamInItsOwnContinuousSpace() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(3_000, scenario.a, scenario.b);

        for (Subscriber subscriber : List.of(scenario.s1, scenario.s2, scenario.s3)) {
            for (Publisher publisher : List.of(scenario.a, scenario.b)) {
                List<Rtp> audio = subscriber.sink.rtp(subscriber.ssrcOf(publisher.audio));
                assertThat(audio).as("every audio packet sent").hasSize(publisher.browser.audioSequenceNumber - 1000);
                assertContinuous(audio, 960);
                assertThat(audio).allMatch(p -> p.payloadType() == subscriber.opus);

                List<Rtp> video = subscriber.sink.rtp(subscriber.ssrcOf(publisher.video));
                assertThat(video).hasSizeGreaterThan(150);
                assertContinuous(video, 3000);
                assertThat(video).allMatch(p -> p.payloadType() == subscriber.vp8);
                assertThat(startsKeyframe(video.getFirst())).as("video starts on a keyframe").isTrue();
                // The payload is the publisher's, untouched, in the publisher's order.
                List<Integer> published = video.stream().map(p -> publisher.sequenceNumberOf(p.payload())).toList();
                for (int i = 1; i < published.size(); i++) {
                    assertThat(published.get(i)).isEqualTo((published.get(i - 1) + 1) & 0xFFFF);
                }
            }
            // Draft-holmer §2: one transport-wide sequence, over every packet the subscriber's transport carries.
            List<Rtp> all = subscriber.sink.rtp;
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).transportSequenceNumber())
                        .isEqualTo((all.get(i - 1).transportSequenceNumber() + 1) & 0xFFFF);
            }
        }
        Set<Integer> ssrcs = new HashSet<>();
        scenario.s1.sink.rtp.forEach(p -> ssrcs.add(p.ssrc()));
        assertThat(ssrcs).containsExactlyInAnyOrder(0x1000, 0x1002, 0x1004, 0x1006);
    }

    @Test
    void rewritesHeaderExtensionsIntoTheSubscribersIds() {
        RoomScenario scenario = new RoomScenario();
        scenario.s1.subscribe(scenario.a.audio);
        scenario.s1.subscribe(scenario.a.video);
        scenario.run(500, scenario.a);

        HeaderExtensions extensions = new HeaderExtensions();
        RtpPacket packet = new RtpPacket();
        for (Rtp rtp : scenario.s1.sink.rtp) {
            packet.wrap(rtp.bytes(), 0, rtp.bytes().length);
            Set<Integer> ids = new HashSet<>();
            extensions.reset(packet);
            while (extensions.next()) {
                ids.add(extensions.id());
                if (extensions.id() == 8) {
                    String mid = new String(rtp.bytes(), extensions.dataOffset(), extensions.dataLength());
                    assertThat(mid).isEqualTo(rtp.ssrc() == 0x1000 ? "m0" : "m1");
                }
                if (extensions.id() == 10) {
                    assertThat(rtp.bytes()[extensions.dataOffset()]).isEqualTo((byte) (0x80 | 30));
                }
            }
            // audio level 10, transport-cc 5, abs-send-time 7, MID 8, video orientation 9.
            assertThat(ids).isEqualTo(rtp.ssrc() == 0x1000 ? Set.of(10, 5, 7, 8) : Set.of(5, 7, 8, 9));
        }
    }

    @Test
    void dropsSimulcastStreamIdsTheSubscriberHasNoUseFor() {
        RoomScenario scenario = new RoomScenario();
        String rid = RtpExtension.SDES_RTP_STREAM_ID.uri();
        ExtensionMap withRid = new ExtensionMap(Map.of(rid, 12));
        ExtensionMap subscriberWithRid = new ExtensionMap(Map.of(rid, 14));
        RecordingSink sink = new RecordingSink(subscriberWithRid);
        Endpoint publisher = scenario.room.addEndpoint(new RecordingSink(withRid), withRid, withRid);
        FakeBrowser browser = new FakeBrowser(0xD000);
        PublisherStream audio = publisher.publish(browser.audioConfig());
        Endpoint subscriber = scenario.room.addEndpoint(sink, ExtensionMap.NONE, subscriberWithRid);
        subscriber.subscribe(audio, new SubscriptionConfig(0x6000, OptionalInt.empty(),
                Map.of(FakeBrowser.OPUS, FakeBrowser.OPUS), Map.of(), "", ""));
        // An Opus packet carrying the RID "q" as a one-byte element with id 12.
        byte[] packet = Hex.bytes("90 6F 0001 00000001 0000D000 BEDE0001 C0710000 AABBCC");

        publisher.receiveRtp(packet, 0, packet.length, scenario.now);

        assertThat(sink.rtp).hasSize(1);
        Rtp forwarded = sink.rtp.getFirst();
        RtpPacket view = new RtpPacket();
        view.wrap(forwarded.bytes(), 0, forwarded.bytes().length);
        assertThat(view.hasExtension()).as("nothing else to carry").isFalse();
        assertThat(forwarded.payload()).isEqualTo(Hex.bytes("AABBCC"));
    }

    @Test
    void videoStartsOnTheKeyframeAPliAskedTheBrowserFor() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.run(1_000, a);
        assertThat(a.plisReceived()).as("nobody subscribed").isZero();

        scenario.s1.subscribe(a.video);

        List<byte[]> plis = a.sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_PLI);
        assertThat(plis).hasSize(1);
        assertThat(RtcpFeedback.senderSsrc(plis.getFirst(), 0)).isEqualTo(a.endpoint.feedbackSsrc());
        assertThat(RtcpFeedback.mediaSsrc(plis.getFirst(), 0)).isEqualTo(a.video.ssrc());
        scenario.run(200, a);
        List<Rtp> received = scenario.s1.sink.rtp(scenario.s1.ssrcOf(a.video));
        assertThat(received).isNotEmpty();
        assertThat(startsKeyframe(received.getFirst())).isTrue();
        assertThat(scenario.events).contains("a.video keyframe");
    }

    @Test
    void aSubscriberWhoseTransportIsConnectingStartsOnAKeyframeAskedForOnceItIsUp() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        scenario.run(1_000, a);
        scenario.s1.endpoint.awaitTransport();

        scenario.s1.subscribe(a.video);
        assertThat(a.plisReceived()).as("no keyframe asked for a transport still connecting").isZero();
        scenario.s2.subscribe(a.video);
        scenario.run(2_000, a);
        assertThat(scenario.s2.sink.rtp(scenario.s2.ssrcOf(a.video))).as("the other subscriber got its keyframe").isNotEmpty();
        assertThat(scenario.s1.sink.rtp).as("nothing sent into a transport not up, that keyframe neither").isEmpty();
        assertThat(a.plisReceived()).as("no retries for a subscriber not ready").isEqualTo(1);

        scenario.s1.endpoint.transportConnected();
        assertThat(a.plisReceived()).as("asked at once: the last request is over 500 ms old").isEqualTo(2);
        scenario.run(200, a);
        List<Rtp> received = scenario.s1.sink.rtp(scenario.s1.ssrcOf(a.video));
        assertThat(received).isNotEmpty();
        assertThat(startsKeyframe(received.getFirst())).isTrue();
    }

    @Test
    void keyframeRequestsAreRateLimitedAndRepeatedWhileSubscribersWait() {
        RoomScenario scenario = new RoomScenario();
        Publisher a = scenario.a;
        a.answersPli = false;
        scenario.run(500, a);

        scenario.s1.subscribe(a.video);
        scenario.run(100, a);
        scenario.s2.subscribe(a.video);
        scenario.s3.subscribe(a.video);
        assertThat(a.plisReceived()).as("at most one per 500 ms").isEqualTo(1);
        scenario.run(420, a);
        assertThat(a.plisReceived()).as("the held request goes out when the interval ends").isEqualTo(2);
        scenario.run(1_000, a);
        assertThat(a.plisReceived()).as("repeated after 1 s while subscribers wait").isEqualTo(3);
        assertThat(scenario.s1.sink.rtp).as("no keyframe, nothing forwarded").isEmpty();

        a.answersPli = true;
        scenario.run(1_100, a);
        assertThat(scenario.s1.sink.rtp).isNotEmpty();
        int plis = a.plisReceived();
        scenario.run(3_000, a);
        assertThat(a.plisReceived()).as("nobody waits any more").isEqualTo(plis);
    }

    @Test
    void subscribersPlisReachThePublisherOncePerInterval() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(2_000, scenario.a, scenario.b);
        int before = scenario.a.plisReceived();

        int others = scenario.b.plisReceived();
        for (Subscriber subscriber : List.of(scenario.s1, scenario.s2, scenario.s3)) {
            subscriber.sendRtcp(pli(subscriber.ssrcOf(scenario.a.video)));
        }
        assertThat(scenario.a.plisReceived()).isEqualTo(before + 1);
        scenario.run(600, scenario.a, scenario.b);
        assertThat(scenario.a.plisReceived()).as("the keyframe answered the held requests").isEqualTo(before + 1);
        assertThat(scenario.b.plisReceived()).as("b's streams were not named").isEqualTo(others);
        assertThat(scenario.room.counters().keyframeRequestsReceived()).isEqualTo(3);

        scenario.s1.sendRtcp(pli(scenario.s1.ssrcOf(scenario.a.video)));
        assertThat(scenario.a.plisReceived()).isEqualTo(before + 2);
    }

    @Test
    void aPublisherThatNegotiatedFirGetsFirsWithIncreasingSequenceNumbers() {
        RoomScenario scenario = new RoomScenario();
        FakeBrowser browser = new FakeBrowser(0xC000);
        RecordingSink sink = new RecordingSink(RoomScenario.SUBSCRIBER_IDS);
        Endpoint endpoint = scenario.room.addEndpoint(sink, FakeBrowser.EXTENSIONS, RoomScenario.SUBSCRIBER_IDS);
        PublisherStreamConfig video = browser.videoConfig();
        PublisherStream stream = endpoint.publish(new PublisherStreamConfig(video.kind(), video.ssrc(), video.rtxSsrc(),
                video.formats(), video.rtxPayloadTypes(), true, KeyframeRequestMethod.FIR));

        scenario.s1.subscribe(stream);
        scenario.idle(600);
        scenario.s2.subscribe(stream);

        List<byte[]> firs = sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_FIR);
        assertThat(firs).hasSize(2);
        FullIntraRequest fir = new FullIntraRequest();
        fir.wrap(firs.get(1), 0, firs.get(1).length);
        assertThat(fir.ssrc(0)).isEqualTo(video.ssrc());
        assertThat(fir.sequenceNumber(0)).isEqualTo(1);
    }

    private static byte[] pli(int mediaSsrc) {
        byte[] buf = new byte[12];
        PictureLossIndication.write(buf, 0, 0x77, mediaSsrc);
        return buf;
    }
}
