package dev.parley.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** RFC 4585 §6.2.1 (generic NACK), §6.3.1 (PLI), RFC 5104 §4.3.1 (FIR), draft-alvestrand-rmcat-remb (REMB). */
class FeedbackTest {

    static List<Integer> lost(GenericNack nack) {
        List<Integer> lost = new ArrayList<>();
        for (int item = 0; item < nack.itemCount(); item++) {
            lost.add(nack.packetId(item));
            for (int bit = 0; bit < 16; bit++) {
                if ((nack.lostBitmask(item) & 1 << bit) != 0) {
                    lost.add((nack.packetId(item) + bit + 1) & 0xFFFF);
                }
            }
        }
        return lost;
    }

    /** The receiver NACKed packets of the sender's video stream (5% were dropped on their way in). */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void readsChromiumsNacks(String codec) {
        Sdp sdp = Captures.sdp(codec);
        RtcpCompound compound = new RtcpCompound();
        GenericNack nack = new GenericNack();
        int nacks = 0;
        for (Datagram datagram : Captures.rtcp(codec)) {
            compound.wrap(datagram.payload(), 0, datagram.payload().length);
            while (compound.next()) {
                if (compound.packetType() == RtcpHeader.RTPFB && compound.countOrFormat() == RtcpFeedback.FMT_NACK) {
                    assertThat(nack.wrap(compound.buffer(), compound.offset(), compound.unpaddedLength())).isTrue();
                    assertThat(Integer.toUnsignedLong(nack.mediaSsrc())).isEqualTo(sdp.videoSsrc());
                    assertThat(lost(nack)).isNotEmpty();
                    nacks++;
                }
            }
        }
        assertThat(nacks).isPositive();
    }

    @Test
    void readsTheBitmaskOfAnEntry() {
        // PID 100, BLP 0x8005: 101, 103 and 116 lost too.
        byte[] buf = Hex.bytes("81CD0003 00000001 00000002 00648005");
        GenericNack nack = new GenericNack();
        assertThat(nack.wrap(buf, 0, buf.length)).isTrue();
        assertThat(nack.senderSsrc()).isEqualTo(1);
        assertThat(nack.mediaSsrc()).isEqualTo(2);
        assertThat(lost(nack)).containsExactly(100, 101, 103, 116);
    }

    @Test
    void packsLostPacketsIntoEntriesThatReadBack() {
        int[] lost = {65_530, 65_531, 65_535, 0, 10, 11, 11, 30, 47, 48};
        byte[] buf = new byte[128];
        int length = GenericNack.write(buf, 0, 5, 6, lost, lost.length);
        GenericNack nack = new GenericNack();

        assertThat(length).isEqualTo(GenericNack.lengthFor(lost, lost.length));
        assertThat(nack.wrap(buf, 0, length)).isTrue();
        // 65530 covers up to 10 (16 away across the wrap); 11, 30 and 47 (17 away) start entries; 48 joins 47.
        assertThat(nack.itemCount()).isEqualTo(4);
        assertThat(lost(nack)).containsExactly(65_530, 65_531, 65_535, 0, 10, 11, 30, 47, 48);
    }

    @Test
    void packsRandomListsWithoutLosingAPacket() {
        Random random = new Random(5);
        GenericNack nack = new GenericNack();
        for (int round = 0; round < 2_000; round++) {
            int count = 1 + random.nextInt(60);
            int[] lost = new int[count];
            int seq = random.nextInt(65_536);
            for (int i = 0; i < count; i++) {
                lost[i] = seq;
                seq = (seq + 1 + random.nextInt(random.nextBoolean() ? 3 : 40)) & 0xFFFF;
            }
            byte[] buf = new byte[RtcpFeedback.HEADER_LENGTH + 4 * count];
            int length = GenericNack.write(buf, 0, 1, 2, lost, count);
            assertThat(length).isEqualTo(GenericNack.lengthFor(lost, count));
            assertThat(nack.wrap(buf, 0, length)).isTrue();
            assertThat(lost(nack)).containsExactly(Arrays.stream(lost).boxed().toArray(Integer[]::new));
        }
    }

    @Test
    void rejectsANackWithoutEntries() {
        byte[] buf = Hex.bytes("81CD0002 00000001 00000002");
        assertThat(new GenericNack().wrap(buf, 0, buf.length)).isFalse();
    }

    @Test
    void writesAndRecognizesPli() {
        byte[] buf = new byte[12];
        assertThat(PictureLossIndication.write(buf, 0, 3, 4)).isEqualTo(12);
        assertThat(buf).isEqualTo(Hex.bytes("81CE0002 00000003 00000004"));
        assertThat(PictureLossIndication.isPli(buf, 0, 12)).isTrue();
        assertThat(PictureLossIndication.isPli(buf, 0, 8)).isFalse();
        assertThat(PictureLossIndication.isPli(Hex.bytes("84CE0002 00000003 00000004"), 0, 12)).isFalse();
    }

    @Test
    void writesAFirThatReadsBack() {
        byte[] buf = new byte[20];
        assertThat(FullIntraRequest.write(buf, 0, 3, 0x5555, 300)).isEqualTo(20);
        // RFC 5104 §4.3.1: media source SSRC 0, the sender in the FCI, seq nr then 24 reserved bits.
        assertThat(buf).isEqualTo(Hex.bytes("84CE0004 00000003 00000000 00005555 2C000000"));
        FullIntraRequest fir = new FullIntraRequest();
        assertThat(fir.wrap(buf, 0, 20)).isTrue();
        assertThat(fir.senderSsrc()).isEqualTo(3);
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.ssrc(0)).isEqualTo(0x5555);
        assertThat(fir.sequenceNumber(0)).isEqualTo(44);
        assertThat(fir.wrap(buf, 0, 12)).isFalse();
    }

    @Test
    void writesARembThatReadsBack() {
        byte[] buf = new byte[32];
        int length = Remb.write(buf, 0, 9, 1_500_000, new int[] {0x11, 0x22}, 2);
        Remb remb = new Remb();

        assertThat(length).isEqualTo(28);
        assertThat(remb.wrap(buf, 0, length)).isTrue();
        assertThat(remb.senderSsrc()).isEqualTo(9);
        // 1 500 000 needs 21 bits: mantissa 187 500, exponent 3, exact.
        assertThat(remb.bitrate()).isEqualTo(1_500_000);
        assertThat(remb.ssrcCount()).isEqualTo(2);
        assertThat(remb.ssrc(1)).isEqualTo(0x22);
        assertThat(Hex.bytes("8FCE0006 00000009 00000000 52454D42 020EDC6C"))
                .isEqualTo(Arrays.copyOf(buf, 20));
    }

    @Test
    void roundsLargeBitratesDownAndSaturatesHugeExponents() {
        byte[] buf = new byte[20];
        Remb remb = new Remb();
        Remb.write(buf, 0, 1, 1_000_000_007L, new int[0], 0);
        remb.wrap(buf, 0, 20);
        assertThat(remb.bitrate()).isLessThanOrEqualTo(1_000_000_007L).isGreaterThan(999_990_000L);

        byte[] huge = Hex.bytes("8FCE0004 00000001 00000000 52454D42 00FFFFFF");
        remb.wrap(huge, 0, huge.length);
        assertThat(remb.bitrate()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void tellsRembFromOtherApplicationFeedback() {
        byte[] other = Hex.bytes("8FCE0004 00000001 00000000 41424344 00000000");
        assertThat(new Remb().wrap(other, 0, other.length)).isFalse();
        byte[] missingSsrcs = Hex.bytes("8FCE0004 00000001 00000000 52454D42 02000001");
        assertThat(new Remb().wrap(missingSsrcs, 0, missingSsrcs.length)).isFalse();
    }
}
