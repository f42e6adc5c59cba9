package dev.parley.bench.media;

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
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.RtpExtension;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * A room where one publisher's video goes to {@code subscribers} subscriber endpoints, and the packet it sends:
 * 1200 bytes of VP8 with Chromium's header extensions (abs-send-time, transport-wide sequence number, video
 * orientation, MID). {@link #forwardOne} sends the next packet (new sequence number, transport-wide number and,
 * every fourth packet, timestamp) 400 µs after the last, 2500 packets/s, and runs the room's timers every 50th
 * packet as a 20 ms tick would. What the room sends goes to {@code sink}.
 */
final class OneToMany {

    private final byte[] packet = new byte[1200];
    private final ForwardingRoom room;
    private final Endpoint publisher;
    private final int transportCcOffset;
    private int sequenceNumber = 1;
    private int timestamp;
    private int transportSequenceNumber;
    private long now = 1_000_000_000L;

    OneToMany(int subscribers, PacketSink sink) {
        ExtensionMap chromium = new ExtensionMap(Map.of(RtpExtension.SSRC_AUDIO_LEVEL.uri(), 1,
                RtpExtension.ABS_SEND_TIME.uri(), 2, RtpExtension.TRANSPORT_CC.uri(), 3,
                RtpExtension.SDES_MID.uri(), 4, RtpExtension.VIDEO_ORIENTATION.uri(), 13));
        room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, now, new SplittableRandom(1));
        publisher = room.addEndpoint(sink, chromium, chromium);
        PublisherStream video = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO, 0x1234,
                OptionalInt.of(0x1235), List.of(new PayloadFormat(96, "VP8", 90_000)), Map.of(97, 96), true,
                KeyframeRequestMethod.PLI));
        for (int i = 0; i < subscribers; i++) {
            Endpoint subscriber = room.addEndpoint(sink, ExtensionMap.NONE, chromium);
            subscriber.subscribe(video, new SubscriptionConfig(0x10_000 + 2 * i, OptionalInt.of(0x10_001 + 2 * i),
                    Map.of(96, 96), Map.of(96, 97), "1", "bench"));
        }
        packet[0] = (byte) 0x90;
        packet[1] = 96;
        BigEndian.put32(packet, 8, 0x1234);
        HeaderExtensionWriter extensions = new HeaderExtensionWriter();
        extensions.start(packet, 12, false);
        extensions.reserve(2, 3);
        transportCcOffset = extensions.reserve(3, 2);
        packet[extensions.reserve(13, 1)] = 1;
        packet[extensions.reserve(4, 1)] = '1';
        int payload = 12 + extensions.finish();
        // VP8 payload descriptor (RFC 7741): S=1 and a 15-bit picture id; a keyframe first, so that every
        // subscription starts, then delta frames.
        packet[payload] = (byte) 0x90;
        packet[payload + 1] = (byte) 0x80;
        packet[payload + 2] = (byte) 0x80;
        packet[payload + 4] = 0x00;
        forwardOne();
        packet[payload + 4] = 0x01;
    }

    void forwardOne() {
        BigEndian.put16(packet, 2, sequenceNumber);
        BigEndian.put32(packet, 4, timestamp);
        BigEndian.put16(packet, transportCcOffset, transportSequenceNumber);
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        transportSequenceNumber = (transportSequenceNumber + 1) & 0xFFFF;
        if ((sequenceNumber & 3) == 0) {
            timestamp += 3000;
        }
        now += 400_000;
        publisher.receiveRtp(packet, 0, packet.length, now);
        if (sequenceNumber % 50 == 0) {
            room.tick(now);
        }
    }

    long rtpSent() {
        return room.counters().rtpSent();
    }
}
