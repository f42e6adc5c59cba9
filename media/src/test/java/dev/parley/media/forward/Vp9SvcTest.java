package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtp.BigEndian;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A VP9 SVC publisher (two spatial layers in one SSRC, two temporal layers, RFC 9628 §4.2 non-flexible mode): a
 * subscriber that asks for the lower spatial layer, or the base temporal layer, gets those packets alone, numbered
 * without gaps, with the marker on the last packet of each picture it gets.
 */
class Vp9SvcTest {

    private static final int VP9 = 98;
    private static final int PUBLISHER_SSRC = 0x9000;
    private static final int SUBSCRIBER_SSRC = 0x1000;

    private long now = 1_000_000_000L;
    private final ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, now,
            new SplittableRandom(9));
    private final Endpoint publisher = room.addEndpoint(new RecordingSink(ExtensionMap.NONE), ExtensionMap.NONE,
            ExtensionMap.NONE);
    private final RecordingSink sink = new RecordingSink(ExtensionMap.NONE);
    private final Endpoint subscriber = room.addEndpoint(sink, ExtensionMap.NONE, ExtensionMap.NONE);
    private final PublisherStream stream = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO, PUBLISHER_SSRC,
            OptionalInt.empty(), List.of(new PayloadFormat(VP9, "VP9", 90_000)), Map.of(), true,
            KeyframeRequestMethod.PLI));
    private final Subscription subscription = subscriber.subscribe(stream, new SubscriptionConfig(SUBSCRIBER_SSRC,
            OptionalInt.empty(), Map.of(VP9, VP9), Map.of(), "v", "c"));
    private int sequenceNumber = 40_000;
    private int timestamp = 7;
    private int pictureId = 300;
    private int picture;

    /** One picture: a packet per spatial layer (SID 0, then 1 with the marker), TID 0 and 1 in turn. */
    private void sendPicture() {
        boolean keyframe = picture == 0;
        int temporal = picture % 2;
        for (int spatial = 0; spatial < 2; spatial++) {
            byte[] packet = new byte[12 + 4 + 100];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) ((spatial == 1 ? 0x80 : 0) | VP9);
            BigEndian.put16(packet, 2, sequenceNumber);
            BigEndian.put32(packet, 4, timestamp);
            BigEndian.put32(packet, 8, PUBLISHER_SSRC);
            // I, P (not on the keyframe's base layer), L, B, E; 15-bit picture id; TID|U|SID|D; TL0PICIDX.
            packet[12] = (byte) (0x80 | (keyframe && spatial == 0 ? 0 : 0x40) | 0x20 | 0x08 | 0x04);
            BigEndian.put16(packet, 13, 0x8000 | pictureId);
            packet[15] = (byte) (temporal << 5 | spatial << 1 | (spatial > 0 ? 1 : 0));
            Arrays.fill(packet, 16, packet.length, (byte) spatial);
            publisher.receiveRtp(packet, 0, packet.length, now);
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
        timestamp += 3000;
        pictureId = (pictureId + 1) & 0x7FFF;
        picture++;
        now += 33_000_000;
        room.tick(now);
    }

    private static int spatialOf(RecordingSink.Rtp packet) {
        return (packet.payload()[3] >> 1) & 0x07;
    }

    private static int temporalOf(RecordingSink.Rtp packet) {
        return (packet.payload()[3] >> 5) & 0x07;
    }

    private static void assertNoGaps(List<RecordingSink.Rtp> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequenceNumber()).isEqualTo((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
        }
    }

    @Test
    void leavesOutSpatialAndTemporalLayersAboveTheAskedOnesWithoutGaps() {
        for (int i = 0; i < 10; i++) {
            sendPicture();
        }
        assertThat(sink.rtp(SUBSCRIBER_SSRC)).hasSize(20).extracting(Vp9SvcTest::spatialOf).contains(0, 1);

        subscription.setPreferredLayers(0, Subscription.MAX_LAYER);
        sink.clear();
        for (int i = 0; i < 10; i++) {
            sendPicture();
        }
        List<RecordingSink.Rtp> base = sink.rtp(SUBSCRIBER_SSRC);
        assertThat(base).hasSize(10).allSatisfy(packet -> {
            assertThat(spatialOf(packet)).isZero();
            assertThat(packet.marker()).as("the picture ends with the highest layer sent").isTrue();
        });
        assertNoGaps(base);

        subscription.setPreferredLayers(1, 0);
        sink.clear();
        for (int i = 0; i < 10; i++) {
            sendPicture();
        }
        List<RecordingSink.Rtp> slow = sink.rtp(SUBSCRIBER_SSRC);
        assertThat(slow).hasSize(10).allSatisfy(packet -> assertThat(temporalOf(packet)).isZero());
        assertThat(slow).extracting(Vp9SvcTest::spatialOf).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
        assertThat(slow).extracting(RecordingSink.Rtp::marker)
                .containsExactly(false, true, false, true, false, true, false, true, false, true);
        assertNoGaps(slow);
    }
}
