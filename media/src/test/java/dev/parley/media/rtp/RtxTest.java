package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** RFC 4588 §4: the RTX payload format, on Chromium's own retransmissions and probing padding. */
class RtxTest {

    @Test
    void restoresTheOriginalPacketInPlace() {
        // RTX: PT 97, seq 7, ts 0x10, SSRC 0x99; X=1 with one element; OSN 0x1234; payload CAFE.
        byte[] buf = Hex.bytes("90 61 0007 00000010 00000099 BEDE0001 10AA0000 1234 CAFE");
        RtpPacket packet = new RtpPacket();
        packet.wrap(buf, 0, buf.length);
        assertThat(Rtx.hasOriginalSequenceNumber(packet)).isTrue();
        assertThat(Rtx.originalSequenceNumber(packet)).isEqualTo(0x1234);

        Rtx.restoreOriginal(packet, 0x42, 96);

        assertThat(packet.offset()).isEqualTo(2);
        assertThat(packet.length()).isEqualTo(buf.length - 2);
        assertThat(packet.sequenceNumber()).isEqualTo(0x1234);
        assertThat(packet.ssrc()).isEqualTo(0x42);
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.timestamp()).isEqualTo(0x10);
        assertThat(packet.extensionDataLength()).isEqualTo(4);
        assertThat(Arrays.copyOfRange(buf, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength()))
                .isEqualTo(new byte[] {(byte) 0xCA, (byte) 0xFE});
    }

    /** Chromium answers the receiver's NACKs on the RTX stream: restored, each equals the packet it repairs. */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void restoresChromiumRetransmissionsToTheOriginals(String codec) {
        Sdp sdp = Captures.sdp(codec);
        int mediaType = sdp.payloadType(codec);
        RtpPacket packet = new RtpPacket();
        Map<Integer, byte[]> originals = new HashMap<>();
        List<Datagram> rtp = Captures.rtp(codec);
        for (Datagram datagram : rtp) {
            packet.wrap(datagram.payload(), 0, datagram.payload().length);
            if (Integer.toUnsignedLong(packet.ssrc()) == sdp.videoSsrc()) {
                originals.put(packet.sequenceNumber(), payloadOf(packet));
            }
        }
        int restored = 0;
        int padding = 0;
        for (Datagram datagram : rtp) {
            byte[] buf = datagram.payload().clone();
            packet.wrap(buf, 0, buf.length);
            if (Integer.toUnsignedLong(packet.ssrc()) != sdp.rtxSsrc()) {
                continue;
            }
            assertThat(packet.payloadType()).isEqualTo(sdp.rtxPayloadType(mediaType));
            if (Rtx.isPaddingOnly(packet)) {
                padding++;
                continue;
            }
            Rtx.restoreOriginal(packet, (int) sdp.videoSsrc(), mediaType);
            byte[] original = originals.get(packet.sequenceNumber());
            if (original != null) {
                assertThat(payloadOf(packet)).isEqualTo(original);
                restored++;
            }
        }
        assertThat(padding).as("probing padding on the RTX stream").isPositive();
        if (codec.equals("VP8") || codec.equals("VP9") || codec.equals("AV1")) {
            assertThat(restored).as("retransmissions of captured packets").isPositive();
        }
    }

    private static byte[] payloadOf(RtpPacket packet) {
        int from = packet.payloadOffset();
        return Arrays.copyOfRange(packet.buffer(), from, from + packet.payloadLength());
    }
}
