package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures;
import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.Rtx;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Chromium's own packets (see the captures' README) replayed through a room as Chromium sent them: its RTP and
 * its sender's RTCP into a publisher endpoint set up from the capture's SDP, to one subscriber.
 */
class ChromiumReplayTest {

    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void forwardsWhatChromiumSent(String codec) {
        Sdp sdp = Captures.sdp(codec);
        List<Datagram> datagrams = Captures.datagrams(codec);
        int senderPort = datagrams.stream().filter(Datagram::isRtp).findFirst().orElseThrow().sourcePort();
        long start = datagrams.getFirst().timestampMicros() * 1_000;
        ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, start,
                new SplittableRandom(8));
        ExtensionMap chromiumIds = new ExtensionMap(sdp.extensionIds());
        RecordingSink toPublisher = new RecordingSink(chromiumIds);
        Endpoint publisher = room.addEndpoint(toPublisher, chromiumIds, chromiumIds);
        int opus = sdp.payloadType("opus");
        int video = sdp.payloadType(codec);
        PublisherStream audioStream = publisher.publish(new PublisherStreamConfig(MediaKind.AUDIO,
                (int) sdp.audioSsrc(), OptionalInt.empty(), List.of(new PayloadFormat(opus, "opus", 48_000)), Map.of(),
                false, KeyframeRequestMethod.PLI));
        PublisherStream videoStream = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO,
                (int) sdp.videoSsrc(), OptionalInt.of((int) sdp.rtxSsrc()),
                List.of(new PayloadFormat(video, codec, 90_000)), Map.of(sdp.rtxPayloadType(video), video), true,
                KeyframeRequestMethod.PLI));
        RecordingSink toSubscriber = new RecordingSink(chromiumIds);
        Endpoint subscriber = room.addEndpoint(toSubscriber, ExtensionMap.NONE, chromiumIds);
        Subscription audioSubscription = subscriber.subscribe(audioStream, new SubscriptionConfig(0x51,
                OptionalInt.empty(), Map.of(opus, opus), Map.of(), "0", "replay"));
        Subscription videoSubscription = subscriber.subscribe(videoStream, new SubscriptionConfig(0x52,
                OptionalInt.empty(), Map.of(video, video), Map.of(), "1", "replay"));

        int audioPackets = 0;
        int videoPackets = 0;
        int padding = 0;
        int senderReports = 0;
        long nextTick = start;
        RtpPacket view = new RtpPacket();
        for (Datagram datagram : datagrams) {
            long arrival = datagram.timestampMicros() * 1_000;
            while (nextTick <= arrival) {
                room.tick(nextTick);
                nextTick += 20_000_000;
            }
            if (datagram.sourcePort() != senderPort) {
                continue; // the receiving browser's feedback to the sender
            }
            byte[] packet = datagram.payload().clone();
            if (datagram.isRtp()) {
                view.wrap(packet, 0, packet.length);
                long ssrc = Integer.toUnsignedLong(view.ssrc());
                audioPackets += ssrc == sdp.audioSsrc() ? 1 : 0;
                videoPackets += ssrc == sdp.videoSsrc() ? 1 : 0;
                padding += ssrc == sdp.rtxSsrc() && Rtx.isPaddingOnly(view) ? 1 : 0;
                publisher.receiveRtp(packet, 0, packet.length, arrival);
            } else {
                if ((packet[1] & 0xFF) == RtcpHeader.SR) {
                    long ssrc = Integer.toUnsignedLong(RtcpFeedback.senderSsrc(packet, 0));
                    Subscription subscription = ssrc == sdp.audioSsrc() ? audioSubscription : videoSubscription;
                    senderReports += subscription.isForwarding() ? 1 : 0;
                }
                publisher.receiveRtcp(packet, 0, packet.length, arrival);
            }
        }
        room.tick(nextTick);

        ForwardingCounters counters = room.counters();
        assertThat(counters.dropped(DropReason.MALFORMED_RTP)).isZero();
        assertThat(counters.dropped(DropReason.MALFORMED_RTCP)).isZero();
        assertThat(counters.dropped(DropReason.UNKNOWN_SSRC)).isZero();
        assertThat(counters.dropped(DropReason.RTX_PADDING)).isEqualTo(padding);
        assertThat(toSubscriber.rtp(0x51)).hasSize(audioPackets);
        assertThat(toSubscriber.rtp(0x52)).as("the stream opens with a keyframe: all of it")
                .hasSizeGreaterThanOrEqualTo(videoPackets);
        assertThat(toSubscriber.rtp(0x52)).allMatch(p -> p.payloadType() == video);
        assertThat(toSubscriber.rtcp(RtcpHeader.SR, -1)).as("every SR of a stream being forwarded, translated")
                .hasSize(senderReports);
        assertThat(senderReports).isPositive();
        assertThat(toPublisher.rtcp(RtcpHeader.RTPFB, RtcpFeedback.FMT_TRANSPORT_CC)).isNotEmpty();
        assertThat(toPublisher.rtcp(RtcpHeader.RTPFB, RtcpFeedback.FMT_NACK)).as("the capture skips ~110 packets")
                .isNotEmpty();
    }
}
