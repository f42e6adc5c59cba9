package dev.parley.media.forward;

import static dev.parley.media.rtp.BitWriter.bits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * An AV1 SVC publisher (Chromium's {@code L2T1}: two spatial layers in one SSRC, each temporal unit a frame of each,
 * the marker only on the last packet of the upper one) with the dependency descriptor: the descriptor reaches the
 * subscriber as it was sent; a subscriber asking for the lower spatial layer gets its packets alone, numbered without
 * gaps, with the marker on the last packet of each lower frame; asking for the upper layer again asks the publisher
 * for a keyframe, from which the upper layer flows again.
 */
class Av1SpatialLayersTest {

    private static final int AV1 = 45;
    private static final int PUBLISHER_SSRC = 0xA100;
    private static final int SUBSCRIBER_SSRC = 0x1000;
    private static final int PUBLISHER_DD_ID = 7;
    private static final int SUBSCRIBER_DD_ID = 9;

    private long now = 1_000_000_000L;
    /** The layers events: "spatial/temporal". */
    private final List<String> events = new ArrayList<>();
    private final ForwardingRoom room = new ForwardingRoom(ForwardingSettings.defaults(), new StreamListener() {
        @Override
        public void layersChanged(Subscription subscription, int spatial, int temporal) {
            events.add(spatial + "/" + temporal);
        }
    }, now, new SplittableRandom(5));
    private final ExtensionMap publisherIds = new ExtensionMap(Map.of(RtpExtension.DEPENDENCY_DESCRIPTOR.uri(), PUBLISHER_DD_ID));
    private final ExtensionMap subscriberIds = new ExtensionMap(Map.of(RtpExtension.DEPENDENCY_DESCRIPTOR.uri(), SUBSCRIBER_DD_ID));
    private final RecordingSink publisherSink = new RecordingSink(publisherIds);
    private final Endpoint publisher = room.addEndpoint(publisherSink, publisherIds, ExtensionMap.NONE);
    private final RecordingSink sink = new RecordingSink(subscriberIds);
    private final Endpoint subscriber = room.addEndpoint(sink, ExtensionMap.NONE, subscriberIds);
    private final PublisherStream stream = publisher.publish(new PublisherStreamConfig(MediaKind.VIDEO, PUBLISHER_SSRC,
            OptionalInt.empty(), List.of(new PayloadFormat(AV1, "AV1", 90_000)), Map.of(), true,
            KeyframeRequestMethod.PLI));
    private final Subscription subscription = subscriber.subscribe(stream, new SubscriptionConfig(SUBSCRIBER_SSRC,
            OptionalInt.empty(), Map.of(AV1, AV1), Map.of(), "v", "c"));
    private int sequenceNumber = 30_000;
    private int timestamp = 90;
    private int frameNumber = 100;
    private boolean keyframeDue = true;

    /**
     * One temporal unit: for each spatial layer a frame in two packets (the first starts the frame OBU with its
     * extension header, the second continues it); on a keyframe the first packet also has the sequence header and
     * its descriptor the template structure (S0T0 and S1T0 at template ids 0 and 1). Each payload ends with its
     * spatial id.
     */
    private void sendTemporalUnit() {
        boolean keyframe = keyframeDue;
        keyframeDue = false;
        for (int spatial = 0; spatial < 2; spatial++) {
            for (int part = 0; part < 2; part++) {
                byte[] descriptor = keyframe && spatial == 0 && part == 0
                        ? bits(1, 1, 0, 1, 0, 6, frameNumber, 16, 1, 1, 0, 4, 0, 6, 1, 5, 2, 2, 3, 2, 0, 8)
                        : bits(part == 0 ? 1 : 0, 1, part == 1 ? 1 : 0, 1, spatial, 6, frameNumber, 16);
                int extension = spatial << 3;
                byte[] payload;
                if (part == 0 && keyframe && spatial == 0) {
                    payload = new byte[] {(byte) 0x28, 3, (byte) (1 << 3), 0, 0, (byte) (6 << 3 | 0x04), (byte) extension, 9, 9, 0};
                } else if (part == 0) {
                    payload = new byte[] {(byte) 0x50, (byte) (6 << 3 | 0x04), (byte) extension, 9, 9, (byte) spatial};
                } else {
                    payload = new byte[] {(byte) 0x90, 7, 7, 7, (byte) spatial};
                }
                boolean marker = spatial == 1 && part == 1;
                send(descriptor, payload, marker);
            }
            frameNumber++;
        }
        timestamp += 3000;
        now += 33_000_000;
        room.tick(now);
    }

    private void send(byte[] descriptor, byte[] payload, boolean marker) {
        byte[] packet = new byte[12 + 4 + 20 + payload.length];
        packet[0] = (byte) 0x90;
        packet[1] = (byte) ((marker ? 0x80 : 0) | AV1);
        BigEndian.put16(packet, 2, sequenceNumber);
        BigEndian.put32(packet, 4, timestamp);
        BigEndian.put32(packet, 8, PUBLISHER_SSRC);
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        writer.start(packet, 12, false);
        writer.add(PUBLISHER_DD_ID, descriptor, 0, descriptor.length);
        int end = 12 + writer.finish();
        System.arraycopy(payload, 0, packet, end, payload.length);
        publisher.receiveRtp(packet, 0, end + payload.length, now);
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
    }

    private List<RecordingSink.Rtp> sendUnits(int count) {
        sink.clear();
        for (int i = 0; i < count; i++) {
            sendTemporalUnit();
        }
        return sink.rtp(SUBSCRIBER_SSRC);
    }

    private static int spatialOf(RecordingSink.Rtp packet) {
        return packet.payload()[packet.payload().length - 1];
    }

    /** The dependency descriptor of a packet the subscriber got, under its own id. */
    private static byte[] descriptorOf(RecordingSink.Rtp packet) {
        RtpPacket rtp = new RtpPacket();
        assertThat(rtp.wrap(packet.bytes(), 0, packet.bytes().length)).isTrue();
        HeaderExtensions extensions = new HeaderExtensions();
        if (!extensions.find(rtp, SUBSCRIBER_DD_ID)) {
            return null;
        }
        return Arrays.copyOfRange(packet.bytes(), extensions.dataOffset(), extensions.dataOffset() + extensions.dataLength());
    }

    private static void assertNoGaps(List<RecordingSink.Rtp> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequenceNumber()).isEqualTo((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
        }
    }

    private int plis() {
        return publisherSink.rtcp(RtcpHeader.PSFB, RtcpFeedback.FMT_PLI).size();
    }

    @Test
    void leavesOutTheUpperSpatialLayerWithTheMarkerOnTheLowerOnesEnd() {
        List<RecordingSink.Rtp> all = sendUnits(5);
        assertThat(all).hasSize(20).extracting(Av1SpatialLayersTest::spatialOf).containsSequence(0, 0, 1, 1, 0, 0, 1, 1);
        assertThat(all).extracting(RecordingSink.Rtp::marker).containsSequence(false, false, false, true);
        assertThat(descriptorOf(all.get(1))).as("the descriptor, as the publisher sent it")
                .isEqualTo(bits(0, 1, 1, 1, 0, 6, 100, 16));
        assertNoGaps(all);

        events.clear();
        subscription.setPreferredLayers(0, Subscription.MAX_LAYER);
        assertThat(events).as("the subscriber is told of the lower spatial layer").containsExactly("0/" + Subscription.MAX_LAYER);
        // A second of it: keyframe requests are spaced, and the one at the start is that long ago.
        List<RecordingSink.Rtp> lower = sendUnits(30);
        assertThat(lower).hasSize(60).allSatisfy(packet -> assertThat(spatialOf(packet)).isZero());
        for (int i = 0; i < lower.size(); i++) {
            assertThat(lower.get(i).marker()).as("packet %d: the end of a lower frame", i).isEqualTo(i % 2 == 1);
        }
        assertThat(lower).allSatisfy(packet -> assertThat(descriptorOf(packet)).isNotNull());
        assertNoGaps(lower);

        int plisBefore = plis();
        subscription.setPreferredLayers(1, Subscription.MAX_LAYER);
        assertThat(events).last().isEqualTo("1/" + Subscription.MAX_LAYER);
        assertThat(plis()).as("a keyframe asked for, for the upper layer to decode again").isEqualTo(plisBefore + 1);
        keyframeDue = true;
        List<RecordingSink.Rtp> again = sendUnits(2);
        assertThat(again).extracting(Av1SpatialLayersTest::spatialOf).containsExactly(0, 0, 1, 1, 0, 0, 1, 1);
        assertThat(again).extracting(RecordingSink.Rtp::marker).containsExactly(false, false, false, true, false, false, false, true);
    }
}
