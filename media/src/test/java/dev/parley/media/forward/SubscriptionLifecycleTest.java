package dev.parley.media.forward;

import static dev.parley.media.forward.ForwardingRoomTest.assertContinuous;
import static dev.parley.media.forward.ForwardingRoomTest.startsKeyframe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.forward.RecordingSink.Rtp;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtcp.Bye;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.RtpSequence;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Pausing, resuming, switching publisher and closing: the subscriber's stream stays one continuous stream. */
class SubscriptionLifecycleTest {

    @Test
    void pauseAndResumeContinueTheNumberingFromTheNextKeyframe() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        Subscription video = s1.subscribe(scenario.a.video);
        Subscription audio = s1.subscribe(scenario.a.audio);
        scenario.run(1_000, scenario.a);
        int videoBefore = s1.sink.rtp(s1.ssrcOf(scenario.a.video)).size();
        int audioBefore = s1.sink.rtp(s1.ssrcOf(scenario.a.audio)).size();
        int plis = scenario.a.plisReceived();

        video.pause();
        audio.pause();
        assertThat(video.isPaused()).isTrue();
        scenario.run(2_000, scenario.a);
        assertThat(s1.sink.rtp(s1.ssrcOf(scenario.a.video))).hasSize(videoBefore);
        assertThat(s1.sink.rtp(s1.ssrcOf(scenario.a.audio))).hasSize(audioBefore);

        video.resume();
        audio.resume();
        assertThat(scenario.a.plisReceived()).as("a keyframe for the resumed video").isEqualTo(plis + 1);
        scenario.run(1_000, scenario.a);

        List<Rtp> videoPackets = s1.sink.rtp(s1.ssrcOf(scenario.a.video));
        Rtp lastBefore = videoPackets.get(videoBefore - 1);
        Rtp firstAfter = videoPackets.get(videoBefore);
        assertThat(firstAfter.sequenceNumber()).isEqualTo((lastBefore.sequenceNumber() + 1) & 0xFFFF);
        assertThat(startsKeyframe(firstAfter)).isTrue();
        // About 2 s at 90 kHz went by: the timestamp moves on by as much.
        assertThat(RtpSequence.timestampDiff(firstAfter.timestamp(), lastBefore.timestamp()))
                .isBetween(2_000 * 90 - 3_000, 2_000 * 90 + 6_000);
        List<Rtp> audioPackets = s1.sink.rtp(s1.ssrcOf(scenario.a.audio));
        assertThat(audioPackets.get(audioBefore).sequenceNumber())
                .isEqualTo((audioPackets.get(audioBefore - 1).sequenceNumber() + 1) & 0xFFFF);
        assertThat(RtpSequence.timestampDiff(audioPackets.get(audioBefore).timestamp(),
                audioPackets.get(audioBefore - 1).timestamp())).isBetween(2_000 * 48 - 960, 2_000 * 48 + 960);
    }

    @Test
    void switchingPublisherKeepsTheSubscribersStream() {
        RoomScenario scenario = new RoomScenario();
        Subscriber s1 = scenario.s1;
        Subscription video = s1.subscribe(scenario.a.video);
        scenario.run(1_000, scenario.a, scenario.b);
        int before = s1.sink.rtp.size();
        int plisToB = scenario.b.plisReceived();

        video.switchSource(scenario.b.video);
        assertThat(video.source()).isSameAs(scenario.b.video);
        assertThat(scenario.b.plisReceived()).isEqualTo(plisToB + 1);
        scenario.run(1_000, scenario.a, scenario.b);

        List<Rtp> received = s1.sink.rtp(s1.ssrcOf(scenario.a.video));
        assertThat(received).as("one SSRC throughout").hasSize(s1.sink.rtp.size());
        assertThat(received.size()).isGreaterThan(before + 50);
        Rtp firstFromB = received.get(before);
        assertThat(startsKeyframe(firstFromB)).isTrue();
        assertThat(scenario.b.sentVideo.values().stream().map(RoomScenario::payloadOf))
                .anySatisfy(p -> assertThat(p).isEqualTo(firstFromB.payload()));
        assertContinuous(received.subList(0, before), 3000);
        assertContinuous(received.subList(before, received.size()), 3000);
        assertThat(firstFromB.sequenceNumber()).isEqualTo((received.get(before - 1).sequenceNumber() + 1) & 0xFFFF);
        assertThat(RtpSequence.timestampDiff(firstFromB.timestamp(), received.get(before - 1).timestamp()))
                .isPositive();
        assertThat(scenario.a.video.subscriptionCount()).isZero();
        assertThat(scenario.b.video.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void refusesToSwitchToAStreamOfAnotherKind() {
        RoomScenario scenario = new RoomScenario();
        Subscription video = scenario.s1.subscribe(scenario.a.video);
        assertThatThrownBy(() -> video.switchSource(scenario.b.audio)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingASubscriptionSaysByeForItsSsrc() {
        RoomScenario scenario = new RoomScenario();
        Subscription audio = scenario.s1.subscribe(scenario.a.audio);
        scenario.run(200, scenario.a);
        int ssrc = audio.config().ssrc();
        int received = scenario.s1.sink.rtp.size();

        audio.close();
        scenario.run(200, scenario.a);

        assertThat(scenario.s1.sink.rtp).hasSize(received);
        List<byte[]> byes = scenario.s1.sink.rtcp(RtcpHeader.BYE, -1);
        assertThat(byes).hasSize(1);
        Bye bye = new Bye();
        bye.wrap(byes.getFirst(), 0, byes.getFirst().length);
        assertThat(bye.ssrc(0)).isEqualTo(ssrc);
        assertThat(scenario.a.audio.subscriptionCount()).isZero();
    }

    @Test
    void aClosedPublisherStreamLeavesItsSubscriptionsWaitingForAnother() {
        RoomScenario scenario = new RoomScenario();
        Subscription video = scenario.s1.subscribe(scenario.a.video);
        scenario.run(500, scenario.a, scenario.b);
        assertThat(video.isForwarding()).isTrue();

        scenario.a.video.close();
        assertThat(video.source()).isNull();
        assertThat(video.isForwarding()).isFalse();
        assertThat(scenario.events).contains("a.video stopped");
        int received = scenario.s1.sink.rtp.size();
        scenario.run(300, scenario.a, scenario.b);
        assertThat(scenario.s1.sink.rtp).hasSize(received);
        assertThat(scenario.room.counters().dropped(DropReason.UNKNOWN_SSRC)).as("a's video is no longer accepted")
                .isPositive();

        video.switchSource(scenario.b.video);
        scenario.run(300, scenario.a, scenario.b);
        assertThat(scenario.s1.sink.rtp.size()).isGreaterThan(received);
    }

    @Test
    void closingAnEndpointClosesWhatItPublishedAndSubscribed() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(300, scenario.a, scenario.b);

        scenario.a.endpoint.close();

        assertThat(scenario.a.audio.isClosed()).isTrue();
        assertThat(scenario.s2.subscriptions.get(scenario.a.video).source()).isNull();
        assertThat(scenario.room.endpointCount()).isEqualTo(4);
        scenario.s3.endpoint.close();
        assertThat(scenario.b.video.subscriptionCount()).isEqualTo(2);
        int sent = scenario.a.sink.rtp.size() + scenario.a.sink.rtcp.size();
        scenario.run(300, scenario.a, scenario.b);
        assertThat(scenario.a.sink.rtp.size() + scenario.a.sink.rtcp.size()).isEqualTo(sent);
    }

    @Test
    void aClosedRoomClosesEveryEndpointAndTakesNoMore() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(200, scenario.a, scenario.b);

        scenario.room.close();

        assertThat(scenario.room.endpointCount()).isZero();
        assertThat(scenario.s1.endpoint.isClosed()).isTrue();
        assertThat(scenario.b.video.isClosed()).isTrue();
        assertThatThrownBy(() -> scenario.room.addEndpoint(new RecordingSink(ExtensionMap.NONE), ExtensionMap.NONE,
                ExtensionMap.NONE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scenario.s1.subscribe(scenario.b.audio)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forwardsOnlyThePayloadTypesTheSubscriberNegotiated() {
        RoomScenario scenario = new RoomScenario();
        // This subscriber accepted another video format only (say VP9 as 98): VP8 cannot reach it.
        Subscription subscription = scenario.s1.endpoint.subscribe(scenario.a.video,
                new SubscriptionConfig(0x4000, OptionalInt.empty(), Map.of(98, 98), Map.of(), "", ""));
        scenario.run(500, scenario.a);

        assertThat(scenario.s1.sink.rtp).isEmpty();
        assertThat(subscription.packetsSent()).isZero();
        assertThat(scenario.room.counters().payloadTypeNotNegotiated()).isPositive();
    }
}
