package dev.parley.fuzz;

import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import dev.parley.media.forward.ForwardingRoom;
import dev.parley.media.forward.ForwardingSettings;
import dev.parley.media.forward.KeyframeRequestMethod;
import dev.parley.media.forward.MediaKind;
import dev.parley.media.forward.PacketSink;
import dev.parley.media.forward.PayloadFormat;
import dev.parley.media.forward.PublisherStream;
import dev.parley.media.forward.PublisherStreamConfig;
import dev.parley.media.forward.StreamListener;
import dev.parley.media.forward.SubscriptionConfig;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * A forwarding room as the VP8 capture's browser negotiated it (media/src/test/resources/captures/VP8.sdp:
 * its SSRCs, payload types and extension ids), so that the captured packets in the seed corpora reach the
 * whole pipeline: a publisher of Opus and VP8 with RTX, and a subscriber of both. Every packet the room
 * sends is checked to be within {@link PacketSink#MAX_PACKET_LENGTH} and well-formed.
 */
final class MediaRoom {

    static final int AUDIO_SSRC = (int) 2923671898L;
    static final int VIDEO_SSRC = 1102723071;
    static final int RTX_SSRC = (int) 3117292760L;
    static final int OPUS = 111;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;

    private static final ExtensionMap CHROMIUM_IDS = new ExtensionMap(Map.of(
            RtpExtension.SSRC_AUDIO_LEVEL.uri(), 1,
            RtpExtension.ABS_SEND_TIME.uri(), 2,
            RtpExtension.TRANSPORT_CC.uri(), 3,
            RtpExtension.SDES_MID.uri(), 4,
            RtpExtension.DEPENDENCY_DESCRIPTOR.uri(), 12,
            RtpExtension.VIDEO_ORIENTATION.uri(), 13));

    final ForwardingRoom room;
    final Endpoint publisher;
    final Endpoint subscriber;
    long now = 5_000_000_000L;

    MediaRoom() {
        room = new ForwardingRoom(ForwardingSettings.defaults(), new StreamListener() {
        }, now, new SplittableRandom(15));
        publisher = room.addEndpoint(new CheckingSink(), CHROMIUM_IDS, CHROMIUM_IDS);
        subscriber = room.addEndpoint(new CheckingSink(), CHROMIUM_IDS, CHROMIUM_IDS);
        PublisherStream audio = publisher.publish(new PublisherStreamConfig(MediaKind.AUDIO, AUDIO_SSRC, OptionalInt.empty(),
                List.of(new PayloadFormat(OPUS, "opus", 48_000)), Map.of(), false, KeyframeRequestMethod.PLI));
        PublisherStream video = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO, VIDEO_SSRC, OptionalInt.of(RTX_SSRC),
                List.of(new PayloadFormat(VP8, "VP8", 90_000)), Map.of(VP8_RTX, VP8), true, KeyframeRequestMethod.PLI));
        subscriber.subscribe(audio, new SubscriptionConfig(0x1000, OptionalInt.empty(), Map.of(OPUS, OPUS), Map.of(), "0", "fuzz"));
        subscriber.subscribe(video, new SubscriptionConfig(0x1002, OptionalInt.of(0x1003), Map.of(VP8, VP8),
                Map.of(VP8_RTX, VP8), "1", "fuzz"));
    }

    /** Lets {@code millis} pass and ticks the room (timers: NACKs, reports, keyframe requests). */
    void advance(int millis) {
        now += millis * 1_000_000L;
        room.tick(now);
    }

    /** What a transport hands the room must come back out bounded and parseable, whatever went in. */
    private static final class CheckingSink implements PacketSink {
        private final RtpPacket rtp = new RtpPacket();
        private final RtcpCompound rtcp = new RtcpCompound();

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            if (len > MAX_PACKET_LENGTH || off + len + TRAILER_ROOM > buf.length || !rtp.wrap(buf, off, len)) {
                throw new AssertionError("the room sent a malformed or oversized RTP packet of " + len + " bytes");
            }
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            if (len > MAX_PACKET_LENGTH || off + len + TRAILER_ROOM > buf.length || !rtcp.wrap(buf, off, len)) {
                throw new AssertionError("the room sent a malformed or oversized RTCP packet of " + len + " bytes");
            }
        }
    }
}
