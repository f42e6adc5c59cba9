package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtp.BigEndian;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * An AV1 publisher with three temporal layers in one SSRC (Chromium's {@code L1T3}: temporal ids 0, 2, 1, 2 in turn,
 * on the OBU extension header of each frame OBU), each frame in two packets, the second only continuing the frame's
 * OBU: a subscriber that asks for fewer temporal layers gets the frames of those alone, both packets of each,
 * numbered without gaps; asking for more again takes effect at the next base-layer frame.
 */
class Av1TemporalLayersTest {

    private static final int AV1 = 45;
    private static final int PUBLISHER_SSRC = 0xA100;
    private static final int SUBSCRIBER_SSRC = 0x1A00;
    private static final int[] PATTERN = {0, 2, 1, 2};

    private long now = 1_000_000_000L;
    private final ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), StreamListener.NONE, now,
            new SplittableRandom(45));
    private final Endpoint publisher = room.addEndpoint(new RecordingSink(ExtensionMap.NONE), ExtensionMap.NONE,
            ExtensionMap.NONE);
    private final RecordingSink sink = new RecordingSink(ExtensionMap.NONE);
    private final Endpoint subscriber = room.addEndpoint(sink, ExtensionMap.NONE, ExtensionMap.NONE);
    private final PublisherStream stream = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO, PUBLISHER_SSRC,
            OptionalInt.empty(), List.of(new PayloadFormat(AV1, "AV1", 90_000)), Map.of(), true,
            KeyframeRequestMethod.PLI));
    private final Subscription subscription = subscriber.subscribe(stream, new SubscriptionConfig(SUBSCRIBER_SSRC,
            OptionalInt.empty(), Map.of(AV1, AV1), Map.of(), "v", "c"));
    private int sequenceNumber = 65_530;
    private int timestamp = 11;
    private int frame;

    /**
     * One frame in two packets. The first starts an element list: on the keyframe a sequence header (no extension)
     * then the frame OBU, otherwise the frame OBU alone (X set, its extension byte giving the temporal id); the
     * second (Z set) continues that OBU and carries the marker. Each payload's last byte is the frame's temporal id.
     */
    private void sendFrame() {
        boolean keyframe = frame == 0;
        int temporal = PATTERN[frame % PATTERN.length];
        for (int part = 0; part < 2; part++) {
            byte[] payload;
            if (part == 0 && keyframe) {
                // N (new coded video sequence), W = 2: a sequence header with its length, then the frame OBU.
                payload = new byte[] {(byte) 0x28, 3, (byte) (1 << 3), 0, 0, (byte) (6 << 3 | 0x04), (byte) (temporal << 5), 9, 9,
                        (byte) temporal};
            } else if (part == 0) {
                // Y (the OBU goes on in the next packet), W = 1: the frame OBU with its extension.
                payload = new byte[] {(byte) 0x50, (byte) (6 << 3 | 0x04), (byte) (temporal << 5), 9, 9, (byte) temporal};
            } else {
                // Z, W = 1: the rest of the frame OBU, no header of its own.
                payload = new byte[] {(byte) 0x90, 7, 7, 7, (byte) temporal};
            }
            byte[] packet = new byte[12 + payload.length];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) ((part == 1 ? 0x80 : 0) | AV1);
            BigEndian.put16(packet, 2, sequenceNumber);
            BigEndian.put32(packet, 4, timestamp);
            BigEndian.put32(packet, 8, PUBLISHER_SSRC);
            System.arraycopy(payload, 0, packet, 12, payload.length);
            publisher.receiveRtp(packet, 0, packet.length, now);
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
        timestamp += 3000;
        frame++;
        now += 33_000_000;
        room.tick(now);
    }

    private static int temporalOf(RecordingSink.Rtp packet) {
        return packet.payload()[packet.payload().length - 1];
    }

    private static void assertNoGaps(List<RecordingSink.Rtp> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequenceNumber()).isEqualTo((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
        }
    }

    private List<RecordingSink.Rtp> sendFrames(int count) {
        sink.clear();
        for (int i = 0; i < count; i++) {
            sendFrame();
        }
        return sink.rtp(SUBSCRIBER_SSRC);
    }

    @Test
    void leavesOutTemporalLayersAboveTheAskedOneWithoutGaps() {
        // a second and more of every layer: the stream's per-layer rates show it has temporal layers
        sendFrames(36);
        List<RecordingSink.Rtp> all = sendFrames(8);
        assertThat(all).hasSize(16).extracting(Av1TemporalLayersTest::temporalOf)
                .containsExactly(0, 0, 2, 2, 1, 1, 2, 2, 0, 0, 2, 2, 1, 1, 2, 2);

        subscription.setPreferredLayers(0, 0);
        List<RecordingSink.Rtp> base = sendFrames(8);
        assertThat(base).extracting(Av1TemporalLayersTest::temporalOf).containsExactly(0, 0, 0, 0);
        assertThat(base).extracting(RecordingSink.Rtp::marker).containsExactly(false, true, false, true);
        assertNoGaps(base);
        assertThat(base.getFirst().sequenceNumber()).isEqualTo((all.getLast().sequenceNumber() + 1) & 0xFFFF);

        subscription.setPreferredLayers(0, 1);
        List<RecordingSink.Rtp> two = sendFrames(8);
        assertThat(two).extracting(Av1TemporalLayersTest::temporalOf).containsExactly(0, 0, 1, 1, 0, 0, 1, 1);
        assertNoGaps(two);
        assertThat(two.getFirst().sequenceNumber()).isEqualTo((base.getLast().sequenceNumber() + 1) & 0xFFFF);
    }

    @Test
    void aLayerAskedForAgainStartsAtTheNextBaseLayerFrame() {
        sendFrames(40);
        subscription.setPreferredLayers(0, 0);
        sendFrames(2);
        subscription.setPreferredLayers(0, Subscription.MAX_LAYER);
        // frames 6 (temporal 1) and 7 (temporal 2) reference frames the subscriber did not get: left out
        List<RecordingSink.Rtp> again = sendFrames(6);
        assertThat(again).extracting(Av1TemporalLayersTest::temporalOf).containsExactly(0, 0, 2, 2, 1, 1, 2, 2);
        assertNoGaps(again);
    }

    @Test
    void theBaseLayerAskedForBeforeTheLayersAreMeasuredIsKeptToOnceTheyAre() {
        // Asked at once, while the stream's rates show no temporal layer yet: the level chosen (the lowest) must
        // not forward every layer once they show.
        subscription.setPreferredLayers(0, 0);
        sendFrames(40);
        List<RecordingSink.Rtp> base = sendFrames(8);
        assertThat(base).extracting(Av1TemporalLayersTest::temporalOf).containsExactly(0, 0, 0, 0);
        assertNoGaps(base);
    }
}
