package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3550 §5.1 (fixed header, CSRCs, padding) and §5.3.1 (header extension), read and written in place. */
class RtpPacketTest {


    @ParameterizedTest
    @ValueSource(ints = {1, 4, 255})
    void aPaddingOnlyPacketCarriesNoPayloadAndCountsItsPadding(int padding) {
        RtpPacket packet = new RtpPacket();
        byte[] bytes = RtpPacket.paddingOnly(padding);
        assertThat(packet.wrap(bytes, 0, bytes.length)).isTrue();
        assertThat(packet.hasPadding()).isTrue();
        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.paddingLength()).isEqualTo(padding);
        assertThatThrownBy(() -> RtpPacket.paddingOnly(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPacket.paddingOnly(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheFixedHeader() {
        // V=2 P=0 X=0 CC=0 | M=1 PT=111 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x80000001 | payload
        byte[] buf = Hex.bytes("80 EF 1234 DEADBEEF 80000001 AABBCC");
        RtpPacket packet = new RtpPacket();

        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(packet.sequenceNumber()).isEqualTo(0x1234);
        assertThat(packet.timestamp()).isEqualTo(0xDEADBEEF);
        assertThat(packet.ssrc()).isEqualTo(0x80000001);
        assertThat(packet.csrcCount()).isZero();
        assertThat(packet.hasExtension()).isFalse();
        assertThat(packet.headerLength()).isEqualTo(12);
        assertThat(packet.payloadOffset()).isEqualTo(12);
        assertThat(packet.payloadLength()).isEqualTo(3);
        assertThat(packet.paddingLength()).isZero();
    }

    @Test
    void readsCsrcsExtensionAndPaddingAtAnOffset() {
        // CC=2, X=1, P=1; extension profile 0xBEDE with one word; 2 payload bytes; 3 bytes of padding.
        byte[] packetBytes = Hex.bytes("B2 60 0001 00000010 00000020 11111111 22222222 BEDE0001 10AA0000 CAFE 000003");
        byte[] buf = new byte[packetBytes.length + 9];
        System.arraycopy(packetBytes, 0, buf, 5, packetBytes.length);
        RtpPacket packet = new RtpPacket();

        assertThat(packet.wrap(buf, 5, packetBytes.length)).isTrue();
        assertThat(packet.csrcCount()).isEqualTo(2);
        assertThat(packet.csrc(0)).isEqualTo(0x11111111);
        assertThat(packet.csrc(1)).isEqualTo(0x22222222);
        assertThat(packet.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
        assertThat(packet.extensionDataOffset()).isEqualTo(5 + 12 + 8 + 4);
        assertThat(packet.extensionDataLength()).isEqualTo(4);
        assertThat(packet.headerLength()).isEqualTo(12 + 8 + 8);
        assertThat(packet.payloadOffset()).isEqualTo(5 + 28);
        assertThat(packet.payloadLength()).isEqualTo(2);
        assertThat(packet.paddingLength()).isEqualTo(3);
    }

    @Test
    void writesFieldsInPlaceLeavingTheRestAlone() {
        byte[] buf = Hex.bytes("80 EF 1234 DEADBEEF 80000001 AABBCC");
        RtpPacket packet = new RtpPacket();
        packet.wrap(buf, 0, buf.length);

        packet.setPayloadType(96);
        packet.setSequenceNumber(0xFFFF);
        packet.setTimestamp(7);
        packet.setSsrc(0x01020304);

        assertThat(buf).isEqualTo(Hex.bytes("80 E0 FFFF 00000007 01020304 AABBCC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80EF1234DEADBEEF800000",                 // shorter than the fixed header
        "40EF1234DEADBEEF80000001",               // version 1
        "C0EF1234DEADBEEF80000001",               // version 3
        "82EF1234DEADBEEF80000001 00000001",      // two CSRCs announced, one present
        "90EF1234DEADBEEF80000001 BEDE",          // extension header cut short
        "90EF1234DEADBEEF80000001 BEDE0002 10AA0000", // extension longer than the packet
        "A0EF1234DEADBEEF80000001 AABB00",        // padding count 0
        "A0EF1234DEADBEEF80000001 AABB05",        // padding longer than what follows the header
    })
    void rejectsMalformedPackets(String hexPacket) {
        byte[] buf = Hex.bytes(hexPacket);
        assertThat(new RtpPacket().wrap(buf, 0, buf.length)).isFalse();
    }

    @Test
    void rejectsAViewOutsideTheArray() {
        byte[] buf = Hex.bytes("80 EF 1234 DEADBEEF 80000001 AABBCC");
        RtpPacket packet = new RtpPacket();
        assertThat(packet.wrap(buf, 1, buf.length)).isFalse();
        assertThat(packet.wrap(buf, -1, 12)).isFalse();
    }

    @Test
    void neverThrowsOnRandomOrMutatedInput() {
        Random random = new Random(7);
        RtpPacket packet = new RtpPacket();
        HeaderExtensions extensions = new HeaderExtensions();
        for (int i = 0; i < 200_000; i++) {
            byte[] buf = new byte[random.nextInt(64)];
            random.nextBytes(buf);
            if (buf.length > 0) {
                buf[0] = (byte) (buf[0] & 0x3F | 0x80);
            }
            if (packet.wrap(buf, 0, buf.length)) {
                assertThat(packet.payloadLength()).isNotNegative();
                assertThat(packet.payloadOffset() + packet.payloadLength() + packet.paddingLength())
                        .isEqualTo(buf.length);
                extensions.reset(packet);
                while (extensions.next()) {
                    assertThat(extensions.dataOffset() + extensions.dataLength()).isLessThanOrEqualTo(buf.length);
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void parsesEveryPacketChromiumSent(String codec) {
        Sdp sdp = Captures.sdp(codec);
        RtpPacket packet = new RtpPacket();
        int count = 0;
        for (Datagram datagram : Captures.rtp(codec)) {
            byte[] buf = datagram.payloadAt(3);
            assertThat(packet.wrap(buf, 3, datagram.payload().length)).isTrue();
            assertThat(sdp.encodings()).containsKey(packet.payloadType());
            long ssrc = Integer.toUnsignedLong(packet.ssrc());
            assertThat(ssrc).isIn(sdp.audioSsrc(), sdp.videoSsrc(), sdp.rtxSsrc());
            // Chromium negotiated extmap-allow-mixed but uses ids 1-14 with at most 16 bytes: the one-byte form.
            assertThat(packet.hasExtension()).isTrue();
            assertThat(packet.extensionProfile()).isEqualTo(RtpPacket.ONE_BYTE_PROFILE);
            count++;
        }
        assertThat(count).isGreaterThan(20);
    }
}
