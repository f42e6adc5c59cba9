package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** RFC 8285: one-byte (§4.2) and two-byte (§4.3) header extension elements, read and written in place. */
class HeaderExtensionsTest {

    record Element(int id, String data) {
    }

    static List<Element> elements(byte[] buf) {
        RtpPacket packet = new RtpPacket();
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        HeaderExtensions cursor = new HeaderExtensions();
        cursor.reset(packet);
        List<Element> found = new ArrayList<>();
        while (cursor.next()) {
            found.add(new Element(cursor.id(), HexFormat.of().formatHex(buf, cursor.dataOffset(),
                    cursor.dataOffset() + cursor.dataLength())));
        }
        return found;
    }

    @Test
    void readsOneByteElementsSkippingPaddingBytes() {
        // §4.2's example: id 1 with 1 byte, padding, id 2 with 2 bytes, padding, id 3 with 4 bytes.
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 BEDE0003 10AA 00 21BBCC 00 33DDEEFF11 00 00 FF");
        assertThat(elements(buf)).containsExactly(new Element(1, "aa"), new Element(2, "bbcc"),
                new Element(3, "ddeeff11"));
    }

    @Test
    void takesAOneByteId0AsOnePaddingByteWhateverItsLengthBits() {
        // 0x04 is ID 0 with L=4: padding, not an element whose five bytes would swallow id 1 and id 2.
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 BEDE0002 04 10AA 21BBCC 000000");
        assertThat(elements(buf)).containsExactly(new Element(1, "aa"), new Element(2, "bbcc"));
    }

    @Test
    void stopsAtTheReservedOneByteId15() {
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 BEDE0002 10AA F0 21BBCC 000000");
        assertThat(elements(buf)).containsExactly(new Element(1, "aa"));
    }

    @Test
    void readsTwoByteElementsIncludingEmptyOnes() {
        // Profile 0x100 with app bits 5; id 20 with 0 bytes, id 255 with 3 bytes, a padding byte.
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 10050002 1400 FF03ABCDEF 00");
        assertThat(elements(buf)).containsExactly(new Element(20, ""), new Element(255, "abcdef"));
    }

    @Test
    void stopsAtAnElementThatOverrunsTheBlock() {
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 BEDE0001 10AA 3F00 CAFE");
        assertThat(elements(buf)).containsExactly(new Element(1, "aa"));
    }

    @Test
    void ignoresExtensionsOfOtherProfiles() {
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 ABCD0001 10AA0000");
        assertThat(elements(buf)).isEmpty();
    }

    @Test
    void findsAnElementById() {
        byte[] buf = Hex.bytes("90 60 0001 00000000 00000001 BEDE0002 10AA 21BBCC 000000 00");
        RtpPacket packet = new RtpPacket();
        packet.wrap(buf, 0, buf.length - 1);
        HeaderExtensions cursor = new HeaderExtensions();

        assertThat(cursor.find(packet, 2)).isTrue();
        assertThat(cursor.dataLength()).isEqualTo(2);
        assertThat(buf[cursor.dataOffset()]).isEqualTo((byte) 0xBB);
        assertThat(cursor.find(packet, 3)).isFalse();
        assertThat(cursor.find(packet, 0)).isFalse();
    }

    @Test
    void writesTheOneByteFormPaddedTo32Bits() {
        byte[] buf = new byte[32];
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        writer.start(buf, 4, false);
        writer.add(1, new byte[] {(byte) 0xAA}, 0, 1);
        int data = writer.reserve(14, 2);
        buf[data] = 0x12;
        buf[data + 1] = 0x34;

        int length = writer.finish();

        assertThat(length).isEqualTo(12);
        assertThat(HexFormat.of().formatHex(buf, 4, 4 + length)).isEqualTo("bede0002" + "10aa" + "e11234" + "000000");
        assertThat(writer.elements()).isEqualTo(2);
    }

    @Test
    void writesTheTwoByteFormThatTheReaderReadsBack() {
        byte[] buf = new byte[64];
        buf[0] = (byte) 0x90;
        buf[1] = 0x60;
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        writer.start(buf, 12, true);
        writer.add(200, new byte[0], 0, 0);
        writer.add(3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, 0, 17);
        int end = 12 + writer.finish();

        byte[] packet = Arrays.copyOf(buf, end);
        assertThat(RtpPacket.TWO_BYTE_PROFILE).isEqualTo(BigEndian.u16(packet, 12));
        assertThat(elements(packet)).containsExactly(new Element(200, ""),
                new Element(3, "0102030405060708090a0b0c0d0e0f1011"));
    }

    @Test
    void refusesElementsTheFormCannotCarry() {
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        writer.start(new byte[64], 0, false);
        assertThatThrownBy(() -> writer.reserve(15, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.reserve(1, 17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.reserve(1, 0)).isInstanceOf(IllegalArgumentException.class);
        writer.start(new byte[600], 0, true);
        assertThatThrownBy(() -> writer.reserve(256, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.reserve(1, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Draft-holmer §2: the transport-wide sequence number counts every packet the browser sent on the transport,
     * audio, video and RTX alike; RFC 6464: every audio packet carries its level.
     */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void readsTransportSequenceNumbersAndAudioLevelsOfChromiumPackets(String codec) {
        Sdp sdp = Captures.sdp(codec);
        int transportCc = sdp.extensionIds().get(RtpExtension.TRANSPORT_CC.uri());
        int audioLevel = sdp.extensionIds().get(RtpExtension.SSRC_AUDIO_LEVEL.uri());
        RtpPacket packet = new RtpPacket();
        HeaderExtensions cursor = new HeaderExtensions();
        long previous = -1;
        int audioPackets = 0;
        for (Datagram datagram : Captures.rtp(codec)) {
            packet.wrap(datagram.payload(), 0, datagram.payload().length);
            assertThat(cursor.find(packet, transportCc)).isTrue();
            assertThat(cursor.dataLength()).isEqualTo(TransportSequenceNumber.LENGTH);
            int read = TransportSequenceNumber.read(packet.buffer(), cursor.dataOffset());
            long sequenceNumber = previous < 0 ? read : RtpSequence.unwrap(read, previous);
            assertThat(sequenceNumber).as("transport-wide sequence numbers increase").isGreaterThan(previous);
            previous = sequenceNumber;
            if (Integer.toUnsignedLong(packet.ssrc()) == sdp.audioSsrc()) {
                audioPackets++;
                assertThat(cursor.find(packet, audioLevel)).isTrue();
                assertThat(AudioLevel.level(packet.buffer(), cursor.dataOffset())).isBetween(0, AudioLevel.SILENCE);
            }
        }
        assertThat(audioPackets).isEqualTo(10);
    }
}
