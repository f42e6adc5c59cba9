package dev.parley.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.forward.DropReason;
import dev.parley.media.forward.ForwardingCounters;
import dev.parley.media.rtp.AbsSendTime;
import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.Av1ObuLayers;
import dev.parley.media.rtp.DependencyDescriptor;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.KeyframeDetector;
import dev.parley.media.rtp.Rtx;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RTP after SRTP, as a publisher's transport hands it to the room: the {@link RtpPacket} view accepts a packet
 * or refuses it, header extensions (RFC 8285) are read within their block and written back to the same
 * elements, every keyframe detector and the AV1 layer reader read any payload without throwing, and the forwarding pipeline drops
 * what it cannot use with a {@link DropReason} and never throws. Seeded with Chromium's captured packets,
 * whose SSRCs and payload types the {@link MediaRoom} expects.
 */
class RtpFuzzTest {

    private static final List<KeyframeDetector> DETECTORS = List.of("VP8", "VP9", "H264", "AV1").stream()
            .map(KeyframeDetector::forEncoding).toList();

    private final MediaRoom room = new MediaRoom();

    @FuzzTest
    void packet(byte[] datagram) {
        RtpPacket packet = new RtpPacket();
        boolean wellFormed = packet.wrap(datagram, 0, datagram.length);
        if (wellFormed) {
            readEverything(packet);
        }
        ForwardingCounters counters = room.room.counters();
        long before = counters.rtpReceived();
        room.publisher.receiveRtp(datagram, 0, datagram.length, room.now);
        room.advance(20);
        assertThat(counters.rtpReceived()).isEqualTo(before + 1);
        if (!wellFormed) {
            assertThat(counters.dropped(DropReason.MALFORMED_RTP) + counters.dropped(DropReason.TOO_LARGE))
                    .as("a packet the view refuses is dropped as malformed").isPositive();
        }
    }

    private static void readEverything(RtpPacket packet) {
        byte[] buf = packet.buffer();
        assertThat(packet.headerLength() + packet.payloadLength() + packet.paddingLength()).isEqualTo(packet.length());
        for (int i = 0; i < packet.csrcCount(); i++) {
            packet.csrc(i);
        }
        for (KeyframeDetector detector : DETECTORS) {
            detector.isKeyframeStart(buf, packet.payloadOffset(), packet.payloadLength());
        }
        Av1ObuLayers av1 = new Av1ObuLayers();
        if (av1.wrap(buf, packet.payloadOffset(), packet.payloadLength())) {
            assertThat(av1.temporalLayer()).isBetween(0, 7);
            assertThat(av1.spatialLayer()).isBetween(0, 3);
        }
        if (Rtx.hasOriginalSequenceNumber(packet)) {
            Rtx.originalSequenceNumber(packet);
        }
        Rtx.isPaddingOnly(packet);
        List<byte[]> elements = new ArrayList<>();
        HeaderExtensions extensions = new HeaderExtensions();
        extensions.reset(packet);
        DependencyDescriptor descriptor = new DependencyDescriptor();
        while (extensions.next()) {
            int end = extensions.dataOffset() + extensions.dataLength();
            // Every element read as a dependency descriptor too, twice: the first may leave a structure the second uses.
            for (int pass = 0; pass < 2; pass++) {
                if (descriptor.read(buf, extensions.dataOffset(), extensions.dataLength())) {
                    assertThat(descriptor.spatialLayer()).isBetween(0, descriptor.maxSpatialLayer());
                    assertThat(descriptor.temporalLayer()).isBetween(0, 63);
                }
            }
            assertThat(extensions.dataOffset()).isGreaterThanOrEqualTo(packet.extensionDataOffset());
            assertThat(end).isLessThanOrEqualTo(packet.extensionDataOffset() + packet.extensionDataLength());
            int length = extensions.dataLength();
            if (length >= AbsSendTime.LENGTH) {
                AbsSendTime.read(buf, extensions.dataOffset());
            }
            if (length >= TransportSequenceNumber.LENGTH) {
                TransportSequenceNumber.read(buf, extensions.dataOffset());
            }
            if (length >= 1) {
                AudioLevel.level(buf, extensions.dataOffset());
                AudioLevel.voiceActivity(buf, extensions.dataOffset());
            }
            elements.add(element(extensions.id(), buf, extensions.dataOffset(), length));
        }
        if (packet.hasExtension() && !elements.isEmpty()) {
            assertExtensionsRoundTrip(packet, elements);
        }
    }

    /** The elements read, written again in the packet's form, read back as the same elements. */
    private static void assertExtensionsRoundTrip(RtpPacket packet, List<byte[]> elements) {
        boolean twoByte = packet.extensionProfile() != RtpPacket.ONE_BYTE_PROFILE;
        byte[] rebuilt = new byte[RtpPacket.FIXED_HEADER_LENGTH + 4 + elements.size() * 257 + 3];
        rebuilt[0] = (byte) 0x90;
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        writer.start(rebuilt, RtpPacket.FIXED_HEADER_LENGTH, twoByte);
        for (byte[] element : elements) {
            writer.add(element[0] & 0xFF, element, 1, element.length - 1);
        }
        int length = RtpPacket.FIXED_HEADER_LENGTH + writer.finish();
        RtpPacket again = new RtpPacket();
        assertThat(again.wrap(rebuilt, 0, length)).isTrue();
        HeaderExtensions extensions = new HeaderExtensions();
        extensions.reset(again);
        List<byte[]> read = new ArrayList<>();
        while (extensions.next()) {
            read.add(element(extensions.id(), rebuilt, extensions.dataOffset(), extensions.dataLength()));
        }
        assertThat(read).usingElementComparator(Arrays::compare).containsExactlyElementsOf(elements);
    }

    private static byte[] element(int id, byte[] buf, int off, int length) {
        byte[] element = new byte[1 + length];
        element[0] = (byte) id;
        System.arraycopy(buf, off, element, 1, length);
        return element;
    }
}
