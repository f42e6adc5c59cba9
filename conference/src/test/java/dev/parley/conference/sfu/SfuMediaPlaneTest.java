package dev.parley.conference.sfu;

import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.media.SimulcastLayer;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.CloseReason;
import dev.parley.media.forward.ForwardingSettings;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.TransportCcFeedbackBuilder;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.TransportSequenceNumber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge between video rooms and the forwarding pipeline (docs/conference.md), on in-memory transports and a fake
 * media loop: what a room says of its publishers and subscribers becomes forwarding, and what the pipeline sees
 * becomes the room's events.
 */
class SfuMediaPlaneTest {

    private static final int PUB_AUDIO = 0x1111;
    private static final int PUB_VIDEO = 0x2222;
    private static final int PUB_RTX = 0x2223;
    private static final int SUB_AUDIO = 0x5001;
    private static final int SUB_VIDEO = 0x6001;
    private static final int SUB_RTX = 0x6002;

    private final MemoryTransports transports = new MemoryTransports();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SfuMediaPlane plane = new SfuMediaPlane(transports, ForwardingSettings.defaults(), 5, registry);
    private final RecordingListener publisherEvents = new RecordingListener();
    private final RecordingListener subscriberEvents = new RecordingListener();
    private RoomMedia room;
    private PublisherEndpoint publisher;
    private SubscriberEndpoint subscriber;
    private MemoryTransports.Link publisherLink;
    private MemoryTransports.Link subscriberLink;
    private int audioSeq = 100;
    private int videoSeq = 5000;
    private int audioTimestamp = 48_000;
    private int videoTimestamp = 90_000;

    @BeforeEach
    void publishAndSubscribe() {
        room = plane.openRoom("1/standup");
        publisher = room.openPublisher(publisherEvents);
        publisher.receive(Streams.REMOTE, List.of(Streams.audio("0", PUB_AUDIO), Streams.video("1", PUB_VIDEO, PUB_RTX)));
        subscriber = room.openSubscriber(subscriberEvents);
        subscriber.send(Streams.REMOTE, List.of(Streams.forwardedAudio("0", publisher, "0", SUB_AUDIO),
                Streams.forwardedVideo("1", publisher, "1", SUB_VIDEO, SUB_RTX)));
        transports.loop.runPending();
        publisherLink = transports.opened.get(0);
        subscriberLink = transports.opened.get(1);
        publisherLink.connect();
        subscriberLink.connect();
    }

    @Test
    void theTransportsTakeTheRemoteDescriptionsAndReportConnected() {
        assertThat(publisherLink.remote).isEqualTo(Streams.REMOTE);
        assertThat(subscriberLink.remote).isEqualTo(Streams.REMOTE);
        assertThat(publisher.local().iceUfrag()).isEqualTo("mem1g0");
        assertThat(publisherEvents.events).containsExactly("connected");
        assertThat(subscriberEvents.events).containsExactly("connected");
        assertThat(registry.get("parley.sfu.rooms").gauge().value()).isEqualTo(1);
        assertThat(registry.get("parley.sfu.transports").tag("role", "subscriber").gauge().value()).isEqualTo(1);
    }

    @Test
    void audioFlowsAtOnceAndVideoFromAKeyframeInTheSubscribersSsrcsAndPayloadTypes() {
        sendAudio(3);
        sendVideo(false, 3);
        assertThat(ssrcsSentTo(subscriberLink)).containsOnly(SUB_AUDIO);

        sendVideo(true, 2);
        List<RtpPacket> sent = rtpSentTo(subscriberLink);
        assertThat(sent).extracting(RtpPacket::ssrc).containsOnly(SUB_AUDIO, SUB_VIDEO);
        assertThat(sent).filteredOn(p -> p.ssrc() == SUB_AUDIO).extracting(RtpPacket::payloadType).containsOnly(Streams.SUB_OPUS);
        assertThat(sent).filteredOn(p -> p.ssrc() == SUB_VIDEO).hasSize(2)
                .extracting(RtpPacket::payloadType).containsOnly(Streams.SUB_VP8);
        assertThat(rtcpTypesSentTo(publisherLink)).as("the new subscription asked for a keyframe").contains("PSFB/1");
    }

    @Test
    void tellsTheRoomWhenAStreamStartsAndStopsArrivingAndHowLoudItIs() {
        sendAudio(100);
        assertThat(publisherEvents.events).contains("receiving 0 true", "level 0 30");
        assertThat(publisherEvents.events).as("every 4 packets, for the dominant speaker").filteredOn(e -> e.startsWith("speech"))
                .hasSize(25).containsOnly("speech 0 30");
        publisherEvents.events.clear();
        transports.loop.advance(Duration.ofMillis(1100));
        assertThat(publisherEvents.events).contains("receiving 0 false");
        assertThat(subscriberEvents.events).as("subscribers hear of it from the room, not the transport").containsExactly("connected");
    }

    @Test
    void aSimulcastSourceReceivesWhileAnyOfItsLayersArrivesEvenOnlyTheTopOne() {
        // As a browser with a small camera sends only the first (full size) of the layers it listed.
        PublishedStream single = Streams.video("1", -1, -1);
        PublishedStream layered = new PublishedStream("1", single.kind(), single.codec(), single.rtxPayloadType(),
                single.extensions(), -1, -1, List.of(new SimulcastLayer("", 0x2101, -1),
                new SimulcastLayer("", 0x2102, -1), new SimulcastLayer("", PUB_VIDEO, -1)));
        publisher.receive(Streams.REMOTE, List.of(Streams.audio("0", PUB_AUDIO), layered));
        transports.loop.runPending();
        publisherEvents.events.clear();
        sendVideo(true, 3);
        assertThat(publisherEvents.events).containsExactly("receiving 1 true");
        transports.loop.advance(Duration.ofMillis(1100));
        assertThat(publisherEvents.events).containsExactly("receiving 1 true", "receiving 1 false");
    }

    @Test
    void aTransportWhoseConsentExpiresIsReportedAndItsStreamsStop() {
        sendAudio(2);
        publisherLink.end(CloseReason.CONSENT_EXPIRED);
        assertThat(publisherEvents.events).last().isEqualTo("closed ICE consent expired");

        subscriberLink.rtpSent.clear();
        sendAudio(5);
        assertThat(subscriberLink.rtpSent).isEmpty();
        assertThat(registry.get("parley.sfu.transports").tag("role", "publisher").gauge().value()).isZero();
    }

    @Test
    void anEndpointTheRoomClosesIsNotReportedBack() {
        subscriber.close();
        publisher.close();
        transports.loop.runPending();
        assertThat(publisherLink.closed).isTrue();
        assertThat(subscriberLink.closed).isTrue();
        assertThat(publisherEvents.events).containsExactly("connected");
        assertThat(subscriberEvents.events).containsExactly("connected");
    }

    @Test
    void aStreamThePublisherStopsRelayingStopsForEverySubscriberUntilResumed() {
        sendAudio(2);
        publisher.setForwarding("0", false);
        transports.loop.runPending();
        subscriberLink.rtpSent.clear();
        sendAudio(5);
        assertThat(subscriberLink.rtpSent).isEmpty();

        publisher.setForwarding("0", true);
        transports.loop.runPending();
        sendAudio(2);
        assertThat(ssrcsSentTo(subscriberLink)).containsExactly(SUB_AUDIO, SUB_AUDIO);
    }

    @Test
    void aPausedSubscriberOrAStoppedMidGetsNothing() {
        subscriber.setPaused(true);
        transports.loop.runPending();
        sendAudio(3);
        assertThat(subscriberLink.rtpSent).isEmpty();

        subscriber.setPaused(false);
        subscriber.setSending("0", false);
        transports.loop.runPending();
        sendAudio(3);
        sendVideo(true, 1);
        assertThat(ssrcsSentTo(subscriberLink)).containsOnly(SUB_VIDEO);
    }

    @Test
    void aKeyframeRequestIsAPliAndABitrateCapIsARembToThePublisher() {
        sendVideo(true, 1);
        transports.loop.advance(Duration.ofSeconds(1));
        publisherLink.rtcpSent.clear();
        publisher.requestKeyframe();
        publisher.capBitrate(128_000);
        transports.loop.advance(Duration.ofMillis(1100));
        assertThat(rtcpTypesSentTo(publisherLink)).contains("PSFB/1", "PSFB/15");
    }

    @Test
    void aRenegotiatedSsrcIsFollowedWhileTheSubscriberKeepsItsOwn() {
        sendAudio(2);
        publisher.receive(Streams.REMOTE, List.of(Streams.audio("0", 0x7777), Streams.video("1", PUB_VIDEO, PUB_RTX)));
        transports.loop.runPending();
        subscriberLink.rtpSent.clear();
        sendAudio(2);
        assertThat(subscriberLink.rtpSent).as("the old SSRC is no longer published").isEmpty();

        for (int i = 0; i < 3; i++) {
            publisherLink.receive(RtpPackets.audio(0x7777, 9000 + i, 7_000 + 960 * i, Streams.OPUS, "0", 40));
        }
        assertThat(ssrcsSentTo(subscriberLink)).containsExactly(SUB_AUDIO, SUB_AUDIO, SUB_AUDIO);
    }

    @Test
    void aMidLeftOutOfTheAnswerEndsWithAByeAndItsSsrcsAreForgotten() {
        sendVideo(true, 1);
        subscriber.send(Streams.REMOTE, List.of(Streams.forwardedAudio("0", publisher, "0", SUB_AUDIO)));
        transports.loop.runPending();
        assertThat(rtcpTypesSentTo(subscriberLink)).contains("BYE");
        assertThat(subscriberLink.forgotten).containsExactlyInAnyOrder(SUB_VIDEO, SUB_RTX);

        subscriberLink.rtpSent.clear();
        sendVideo(true, 2);
        sendAudio(1);
        assertThat(ssrcsSentTo(subscriberLink)).containsExactly(SUB_AUDIO);
    }

    @Test
    void aStreamLosingPacketsIsASlowLink() {
        sendAudio(5);
        audioSeq += 20;
        sendAudio(5);
        transports.loop.advance(Duration.ofSeconds(2));
        assertThat(publisherEvents.events).anyMatch(e -> e.startsWith("slowlink 0 uplink "));
        assertThat(registry.get("parley.sfu.packets.lost").counter().count()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aSubscriberWhoseDownlinkEstimateFallsFarBelowWhatItIsSentIsASlowLink() {
        int transportCcId = 3;
        subscriber.send(Streams.REMOTE, List.of(
                Streams.forwardedVideoWithTransportCc("1", publisher, "1", SUB_VIDEO, SUB_RTX, transportCcId)));
        transports.loop.runPending();
        subscriberLink.rtpSent.clear();
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        HeaderExtensions extensions = new HeaderExtensions();
        byte[] feedback = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
        for (int frame = 0; frame < 90; frame++) {
            sendVideo(frame == 0, 10);
            if (frame % 3 == 2 && !subscriberLink.rtpSent.isEmpty()) {
                // The subscriber got one packet in five of what was sent since its last feedback.
                List<Integer> numbers = new ArrayList<>();
                for (byte[] packet : subscriberLink.rtpSent) {
                    RtpPacket view = RtpPackets.view(packet);
                    assertThat(extensions.find(view, transportCcId)).isTrue();
                    numbers.add(TransportSequenceNumber.read(packet, extensions.dataOffset()));
                }
                subscriberLink.rtpSent.clear();
                builder.reset(numbers.getFirst());
                for (int k = 0; k < numbers.size(); k += 5) {
                    builder.addReceived(numbers.get(k), frame * 33_000L + k * 1_000L);
                }
                int length = builder.write(feedback, 0, 0x77, 0, frame);
                subscriberLink.receiveRtcp(Arrays.copyOf(feedback, length));
            }
        }
        assertThat(subscriberEvents.events).anyMatch(e -> e.matches("slowlink 1 downlink [1-9][0-9]*"));
        assertThat(registry.get("parley.sfu.downlink.estimate").summary().count()).isPositive();
        assertThat(registry.get("parley.sfu.downlink.estimate").summary().max()).isLessThan(300_000);
    }

    @Test
    void anIceRestartGivesNewCredentials() {
        assertThat(subscriber.restartIce().iceUfrag()).isEqualTo("mem2g1");
        assertThat(subscriber.local().iceUfrag()).isEqualTo("mem2g1");
    }

    @Test
    void closingTheRoomClosesWhatIsStillOpenAndCountsWhatItForwarded() {
        sendAudio(4);
        room.close();
        transports.loop.runPending();
        assertThat(publisherLink.closed).isTrue();
        assertThat(subscriberLink.closed).isTrue();
        assertThat(publisherEvents.events).containsExactly("connected", "receiving 0 true", "speech 0 30");
        assertThat(registry.get("parley.sfu.rooms").gauge().value()).isZero();
        assertThat(registry.get("parley.sfu.rtp.packets").tag("direction", "in").counter().count()).isEqualTo(4);
        assertThat(registry.get("parley.sfu.rtp.packets").tag("direction", "out").counter().count()).isEqualTo(4);
        assertThat(plane.openRooms()).isZero();
    }

    private void sendAudio(int packets) {
        for (int i = 0; i < packets; i++) {
            publisherLink.receive(RtpPackets.audio(PUB_AUDIO, audioSeq++, audioTimestamp, Streams.OPUS, "0", 30));
            audioTimestamp += 960;
            transports.loop.advance(Duration.ofMillis(20));
        }
    }

    private void sendVideo(boolean keyframe, int packets) {
        for (int i = 0; i < packets; i++) {
            publisherLink.receive(RtpPackets.vp8(PUB_VIDEO, videoSeq++, videoTimestamp, Streams.VP8, "1", keyframe && i == 0));
        }
        videoTimestamp += 3000;
        transports.loop.advance(Duration.ofMillis(33));
    }

    private static List<RtpPacket> rtpSentTo(MemoryTransports.Link link) {
        return link.rtpSent.stream().map(RtpPackets::view).toList();
    }

    private static List<Integer> ssrcsSentTo(MemoryTransports.Link link) {
        return rtpSentTo(link).stream().map(RtpPacket::ssrc).toList();
    }

    /** The RTCP packets sent on a link, as "SR", "RR", "BYE", "PSFB/1" (PLI), "PSFB/15" (REMB), "RTPFB/15"... */
    private static List<String> rtcpTypesSentTo(MemoryTransports.Link link) {
        List<String> types = new ArrayList<>();
        RtcpCompound compound = new RtcpCompound();
        for (byte[] packet : link.rtcpSent) {
            if (!compound.wrap(packet, 0, packet.length)) {
                throw new AssertionError("malformed RTCP sent");
            }
            while (compound.next()) {
                types.add(switch (compound.packetType()) {
                    case RtcpHeader.SR -> "SR";
                    case RtcpHeader.RR -> "RR";
                    case RtcpHeader.SDES -> "SDES";
                    case RtcpHeader.BYE -> "BYE";
                    case RtcpHeader.RTPFB -> "RTPFB/" + compound.countOrFormat();
                    case RtcpHeader.PSFB -> "PSFB/" + compound.countOrFormat();
                    default -> String.valueOf(compound.packetType());
                });
            }
        }
        return types;
    }
}
