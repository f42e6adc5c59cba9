package dev.parley.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3550 §6.1 and A.2: compound packets and the checks a receiver applies before reading one. */
class RtcpCompoundTest {


    static List<Integer> types(byte[] buf) {
        RtcpCompound compound = new RtcpCompound();
        assertThat(compound.wrap(buf, 0, buf.length)).isTrue();
        List<Integer> types = new ArrayList<>();
        while (compound.next()) {
            types.add(compound.packetType());
        }
        return types;
    }

    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void walksEveryCompoundChromiumSent(String codec) {
        RtcpCompound compound = new RtcpCompound();
        int packets = 0;
        for (Datagram datagram : Captures.rtcp(codec)) {
            byte[] buf = datagram.payloadAt(6);
            assertThat(RtcpHeader.isRtcp(buf, 6, datagram.payload().length)).isTrue();
            assertThat(compound.wrap(buf, 6, datagram.payload().length)).isTrue();
            int total = 0;
            while (compound.next()) {
                assertThat(compound.packetType()).isBetween(RtcpHeader.SR, 207);
                total += compound.length();
                packets++;
            }
            assertThat(total).isEqualTo(datagram.payload().length);
        }
        assertThat(packets).isGreaterThan(15);
    }

    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void tellsRtpFromRtcpOnAMuxedTransport(String codec) {
        for (Datagram datagram : Captures.datagrams(codec)) {
            assertThat(RtcpHeader.isRtcp(datagram.payload(), 0, datagram.payload().length))
                    .isEqualTo(datagram.isRtcp());
        }
    }

    @Test
    void readsAReducedSizeFeedbackAlone() {
        // RFC 5506: a PLI without SR/RR.
        assertThat(types(Hex.bytes("81CE0002 00000001 00000002"))).containsExactly(RtcpHeader.PSFB);
    }

    @Test
    void readsPaddingOnTheLastPacket() {
        // RR without blocks, then a PLI padded with 4 bytes (count in the last byte).
        byte[] buf = Hex.bytes("80C90001 00000001 A1CE0003 00000001 00000002 00000004");
        RtcpCompound compound = new RtcpCompound();
        assertThat(compound.wrap(buf, 0, buf.length)).isTrue();
        compound.next();
        compound.next();
        assertThat(compound.length()).isEqualTo(16);
        assertThat(compound.unpaddedLength()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                          // empty
        "80C9",                                      // shorter than a header
        "80C90001 000000",                           // not a multiple of 32 bits
        "40C90001 00000001",                         // version 1
        "80C90001 00000001 40CE0002 00000001 00000002", // second packet version 1
        "80C90002 00000001",                         // length beyond the datagram
        "80C90001 00000001 80CE0002 00000001",       // second packet cut short
        "A0C90001 00000004 81CE0002 00000001 00000002", // padding on a packet that is not the last
        "A1CE0002 00000001 00000000",                // padding count 0
        "A1CE0002 00000001 00000010",                // padding count beyond the packet
    })
    void rejectsMalformedCompounds(String hexPacket) {
        byte[] buf = Hex.bytes(hexPacket);
        RtcpCompound compound = new RtcpCompound();
        assertThat(compound.wrap(buf, 0, buf.length)).isFalse();
        assertThat(compound.next()).isFalse();
    }

    /** Every view, on random and mutated input: a result, never an exception. */
    @Test
    void neverThrowsOnRandomOrMutatedInput() {
        Random random = new Random(3);
        List<byte[]> seeds = new ArrayList<>();
        Captures.CODECS.forEach(codec -> Captures.rtcp(codec).forEach(d -> seeds.add(d.payload())));
        RtcpCompound compound = new RtcpCompound();
        SenderReport sr = new SenderReport();
        ReceiverReport rr = new ReceiverReport();
        SourceDescription sdes = new SourceDescription();
        Bye bye = new Bye();
        GenericNack nack = new GenericNack();
        FullIntraRequest fir = new FullIntraRequest();
        Remb remb = new Remb();
        TransportCcFeedback feedback = new TransportCcFeedback();
        int valid = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] buf;
            if (i % 2 == 0) {
                buf = seeds.get(random.nextInt(seeds.size())).clone();
                for (int flips = random.nextInt(4) + 1; flips > 0; flips--) {
                    buf[random.nextInt(buf.length)] = (byte) random.nextInt(256);
                }
            } else {
                buf = new byte[4 * random.nextInt(16)];
                random.nextBytes(buf);
                if (buf.length > 0) {
                    buf[0] = (byte) (buf[0] & 0x3F | 0x80);
                    buf[2] = 0;
                }
            }
            if (!compound.wrap(buf, 0, buf.length)) {
                continue;
            }
            valid++;
            while (compound.next()) {
                int off = compound.offset();
                int len = compound.unpaddedLength();
                sr.wrap(buf, off, len);
                rr.wrap(buf, off, len);
                sdes.wrap(buf, off, len);
                bye.wrap(buf, off, len);
                nack.wrap(buf, off, len);
                fir.wrap(buf, off, len);
                remb.wrap(buf, off, len);
                PictureLossIndication.isPli(buf, off, len);
                if (feedback.wrap(buf, off, len)) {
                    for (int k = 0; k < feedback.packetStatusCount(); k++) {
                        feedback.arrivalTimeMicros(k);
                    }
                }
            }
        }
        assertThat(valid).isGreaterThan(1000);
    }
}
