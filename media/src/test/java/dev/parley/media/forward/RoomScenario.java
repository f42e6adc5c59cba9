package dev.parley.media.forward;

import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * A room on a fake clock with two publishing browsers and three subscribing endpoints, each subscribed to both
 * publishers' audio and video. Publishers answer a PLI with a keyframe at their next frame, as browsers do.
 * Subscriber 1 negotiated RTX and the publishers' payload types; subscriber 2 RTX and payload types of its own;
 * subscriber 3 no RTX. Subscribers use extension ids other than the publishers'.
 */
final class RoomScenario {

    /** The ids Parley offers subscribers: deliberately not the publishers'. */
    static final ExtensionMap SUBSCRIBER_IDS = new ExtensionMap(Map.of(
            RtpExtension.SSRC_AUDIO_LEVEL.uri(), 10,
            RtpExtension.TRANSPORT_CC.uri(), 5,
            RtpExtension.ABS_SEND_TIME.uri(), 7,
            RtpExtension.SDES_MID.uri(), 8,
            RtpExtension.VIDEO_ORIENTATION.uri(), 9));

    final class Publisher {
        final FakeBrowser browser;
        final RecordingSink sink = new RecordingSink(SUBSCRIBER_IDS);
        final Endpoint endpoint;
        final PublisherStream audio;
        final PublisherStream video;
        /** Every video packet the browser sent, by sequence number, lost on the way or not. */
        final Map<Integer, byte[]> sentVideo = new LinkedHashMap<>();
        /** Sequence numbers of the publisher's packets that the network loses on the way to the room. */
        final List<Integer> dropVideo = new ArrayList<>();
        /** Whether the browser answers PLIs with keyframes. */
        boolean answersPli = true;
        private boolean keyframeRequested;
        private int plisSeen;

        Publisher(int firstSsrc) {
            browser = new FakeBrowser(firstSsrc);
            endpoint = room.addEndpoint(sink, FakeBrowser.EXTENSIONS, SUBSCRIBER_IDS);
            audio = endpoint.publish(browser.audioConfig());
            video = endpoint.publish(browser.videoConfig());
        }

        void send(byte[] packet) {
            endpoint.receiveRtp(packet, 0, packet.length, now);
        }

        /** Sends a frame; a keyframe if one was asked for since the last. */
        void sendVideoFrame() {
            noticePlis();
            boolean keyframe = keyframeRequested;
            keyframeRequested = false;
            for (byte[] packet : browser.videoFrame(keyframe, 2)) {
                int sequenceNumber = ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
                if (!dropVideo.remove((Integer) sequenceNumber)) {
                    send(packet);
                }
                sentVideo.put(sequenceNumber, packet);
            }
        }

        private void noticePlis() {
            int plis = plisReceived();
            if (plis > plisSeen) {
                keyframeRequested = answersPli;
                plisSeen = plis;
            }
        }

        int plisReceived() {
            return sink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_PLI).size();
        }

        /** The sequence number this browser gave the video packet a subscriber received with {@code payload}. */
        int sequenceNumberOf(byte[] payload) {
            return sentVideo.entrySet().stream().filter(e -> Arrays.equals(payloadOf(e.getValue()), payload))
                    .findFirst().orElseThrow().getKey();
        }

        byte[] sentPacket(byte[] payload) {
            return sentVideo.get(sequenceNumberOf(payload));
        }
    }

    final class Subscriber {
        final RecordingSink sink = new RecordingSink(SUBSCRIBER_IDS);
        final Endpoint endpoint;
        final int firstSsrc;
        final boolean rtx;
        final int opus;
        final int vp8;
        final Map<PublisherStream, Subscription> subscriptions = new LinkedHashMap<>();

        Subscriber(int firstSsrc, boolean rtx, int opus, int vp8) {
            this.firstSsrc = firstSsrc;
            this.rtx = rtx;
            this.opus = opus;
            this.vp8 = vp8;
            endpoint = room.addEndpoint(sink, ExtensionMap.NONE, SUBSCRIBER_IDS);
        }

        Subscription subscribe(PublisherStream stream) {
            int index = subscriptions.size();
            int ssrc = firstSsrc + 2 * index;
            boolean video = stream.kind() == MediaKind.VIDEO;
            SubscriptionConfig config = new SubscriptionConfig(ssrc, rtx && video ? OptionalInt.of(ssrc + 1)
                    : OptionalInt.empty(), video ? Map.of(FakeBrowser.VP8, vp8) : Map.of(FakeBrowser.OPUS, opus),
                    rtx && video ? Map.of(vp8, vp8 + 1) : Map.of(), "m" + index, "sub-" + firstSsrc);
            Subscription subscription = endpoint.subscribe(stream, config);
            subscriptions.put(stream, subscription);
            return subscription;
        }

        int ssrcOf(PublisherStream stream) {
            return subscriptions.get(stream).config().ssrc();
        }

        void sendRtcp(byte[] packet) {
            endpoint.receiveRtcp(packet, 0, packet.length, now);
        }
    }

    final List<String> events = new ArrayList<>();
    /** The speech level reports, apart from {@link #events}. */
    final List<String> speech = new ArrayList<>();
    final ForwardingRoom room;
    long now = 5_000_000_000L;
    private long nextTick;
    private long nextAudio;
    private long nextVideo;
    final Publisher a;
    final Publisher b;
    final Subscriber s1;
    final Subscriber s2;
    final Subscriber s3;

    RoomScenario() {
        this(ForwardingSettings.defaults());
    }

    RoomScenario(ForwardingSettings settings) {
        room = new ForwardingRoom(settings, new StreamListener() {
            @Override
            public void receivingChanged(PublisherStream stream, boolean receiving) {
                events.add(name(stream) + (receiving ? " receiving" : " stopped"));
            }

            @Override
            public void audioLevel(PublisherStream stream, int averageLevel) {
                events.add(name(stream) + " level " + averageLevel);
            }

            @Override
            public void speechLevel(PublisherStream stream, int recentLevel) {
                speech.add(name(stream) + " " + recentLevel);
            }

            @Override
            public void keyframe(PublisherStream stream) {
                events.add(name(stream) + " keyframe");
            }
        }, now, new SplittableRandom(42));
        a = new Publisher(0xA000);
        b = new Publisher(0xB000);
        s1 = new Subscriber(0x1000, true, FakeBrowser.OPUS, FakeBrowser.VP8);
        s2 = new Subscriber(0x2000, true, 109, 100);
        s3 = new Subscriber(0x3000, false, FakeBrowser.OPUS, FakeBrowser.VP8);
        nextTick = nextAudio = nextVideo = now;
    }

    static byte[] payloadOf(byte[] packet) {
        RtpPacket view = new RtpPacket();
        view.wrap(packet, 0, packet.length);
        return Arrays.copyOfRange(packet, view.payloadOffset(), view.payloadOffset() + view.payloadLength());
    }

    String name(PublisherStream stream) {
        return (stream == a.audio || stream == a.video ? "a." : "b.") + stream.kind().name().toLowerCase();
    }

    /** Subscribes every subscriber to both publishers' audio and video. */
    void subscribeEveryone() {
        for (Subscriber subscriber : List.of(s1, s2, s3)) {
            for (Publisher publisher : List.of(a, b)) {
                subscriber.subscribe(publisher.audio);
                subscriber.subscribe(publisher.video);
            }
        }
    }

    /**
     * Lets {@code millis} pass in 5 ms steps: the given publishers send audio every 20 ms at level 30 and a
     * two-packet video frame every 30 ms; the room ticks every 20 ms.
     */
    void run(long millis, Publisher... publishers) {
        long end = now + millis * 1_000_000;
        while (now < end) {
            now += 5_000_000;
            if (now >= nextAudio) {
                nextAudio += 20_000_000;
                for (Publisher publisher : publishers) {
                    publisher.send(publisher.browser.audio(30));
                }
            }
            if (now >= nextVideo) {
                nextVideo += 30_000_000;
                for (Publisher publisher : publishers) {
                    publisher.sendVideoFrame();
                }
            }
            if (now >= nextTick) {
                nextTick += 20_000_000;
                room.tick(now);
            }
        }
    }

    /** Lets time pass without media. */
    void idle(long millis) {
        run(millis);
    }
}
