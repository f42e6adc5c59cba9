package dev.parley.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide feedback, parsed and built. */
class TransportCcFeedbackTest {

    /** A packet a receiver got: its transport-wide sequence number and arrival time. */
    record Arrival(int sequenceNumber, long micros) {
    }

    static List<Arrival> arrivals(TransportCcFeedback feedback) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < feedback.packetStatusCount(); i++) {
            if (feedback.received(i)) {
                arrivals.add(new Arrival((feedback.baseSequenceNumber() + i) & 0xFFFF, feedback.arrivalTimeMicros(i)));
            }
        }
        return arrivals;
    }

    static List<Arrival> relative(List<Arrival> arrivals) {
        long first = arrivals.getFirst().micros();
        return arrivals.stream().map(a -> new Arrival(a.sequenceNumber(), a.micros() - first)).toList();
    }

    static TransportCcFeedback build(int base, List<Arrival> arrivals) {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(base);
        for (Arrival arrival : arrivals) {
            assertThat(builder.addReceived(arrival.sequenceNumber(), arrival.micros())).isTrue();
        }
        byte[] buf = new byte[TransportCcFeedbackBuilder.MAX_LENGTH + 8];
        int length = builder.write(buf, 2, 0x11, 0x22, 7);
        assertThat(length % 4).isZero();
        RtcpCompound compound = new RtcpCompound();
        assertThat(compound.wrap(buf, 2, length)).as("a valid RTCP packet, padding included").isTrue();
        compound.next();
        TransportCcFeedback feedback = new TransportCcFeedback();
        assertThat(feedback.wrap(buf, 2, compound.unpaddedLength())).isTrue();
        return feedback;
    }

    /**
     * Chromium's own feedback parses, and what it reports, rebuilt by Parley's builder, parses to the same
     * statuses and arrival times: both ends quantize to 250 µs from a 64 ms reference.
     */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void readsChromiumsFeedbackAndBuildsTheSameReport(String codec) {
        RtcpCompound compound = new RtcpCompound();
        TransportCcFeedback chromium = new TransportCcFeedback();
        int messages = 0;
        for (Datagram datagram : Captures.rtcp(codec)) {
            compound.wrap(datagram.payload(), 0, datagram.payload().length);
            while (compound.next()) {
                if (compound.packetType() != RtcpHeader.RTPFB
                        || compound.countOrFormat() != RtcpFeedback.FMT_TRANSPORT_CC) {
                    continue;
                }
                assertThat(chromium.wrap(compound.buffer(), compound.offset(), compound.unpaddedLength())).isTrue();
                List<Arrival> reported = arrivals(chromium);
                assertThat(reported).isNotEmpty();
                TransportCcFeedback rebuilt = build(chromium.baseSequenceNumber(), reported);
                assertThat(arrivals(rebuilt)).containsExactlyElementsOf(reported);
                messages++;
            }
        }
        assertThat(messages).isPositive();
    }

    @Test
    void reportsLossesReceptionsAndDeltasOfEverySize() {
        long t = 1_000_000_000L; // 1000 s on some monotonic clock
        List<Arrival> arrivals = List.of(
                new Arrival(65_534, t),             // small delta from the reference time
                new Arrival(65_535, t + 250),       // small: 1 unit
                new Arrival(3, t + 80_000),         // four lost across the wrap, then a large delta (320 units)
                new Arrival(4, t + 70_000),         // negative: arrived before the previous one
                new Arrival(40, t + 70_000));       // 35 lost: a run-length chunk
        TransportCcFeedback feedback = build(65_534, arrivals);

        assertThat(feedback.baseSequenceNumber()).isEqualTo(65_534);
        assertThat(feedback.packetStatusCount()).isEqualTo(43);
        assertThat(feedback.status(0)).isEqualTo(TransportCcFeedback.RECEIVED_SMALL_DELTA);
        assertThat(feedback.status(2)).isEqualTo(TransportCcFeedback.NOT_RECEIVED);
        assertThat(feedback.status(5)).isEqualTo(TransportCcFeedback.RECEIVED_LARGE_DELTA);
        assertThat(feedback.status(6)).isEqualTo(TransportCcFeedback.RECEIVED_LARGE_DELTA);
        assertThat(feedback.status(7)).isEqualTo(TransportCcFeedback.NOT_RECEIVED);
        assertThat(feedback.status(42)).isEqualTo(TransportCcFeedback.RECEIVED_SMALL_DELTA);
        assertThat(feedback.senderSsrc()).isEqualTo(0x11);
        assertThat(feedback.mediaSsrc()).isEqualTo(0x22);
        assertThat(feedback.feedbackPacketCount()).isEqualTo(7);
        assertThat(arrivals(feedback)).containsExactlyElementsOf(arrivals);
        assertThat(feedback.referenceTime()).isEqualTo((int) (t / 64_000));
    }

    @Test
    void encodesAThousandLostPacketsInOneChunk() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(0);
        builder.addReceived(0, 0);
        builder.addReceived(1_000, 1_000);
        byte[] buf = new byte[64];
        // header 20, chunks: one vector would not do; run of 1 received, run of 999 lost, run of 1: 3 chunks
        // (6 bytes), deltas 2 bytes, padding 0.
        assertThat(builder.write(buf, 0, 1, 2, 0)).isEqualTo(28);
    }

    @Test
    void roundTripsRandomPatterns() {
        Random random = new Random(9);
        for (int round = 0; round < 500; round++) {
            int base = random.nextInt(65_536);
            long time = random.nextLong(1L << 40);
            List<Arrival> arrivals = new ArrayList<>();
            int seq = base;
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                seq = (seq + 1 + (random.nextInt(10) == 0 ? random.nextInt(30) : 0)) & 0xFFFF;
                boolean early = random.nextInt(12) == 0;
                time += early ? -random.nextInt(20_000) : random.nextInt(random.nextBoolean() ? 500 : 90_000);
                arrivals.add(new Arrival(seq, time / 250 * 250));
            }
            TransportCcFeedback feedback = build(base, arrivals);
            // The reference time wraps every 2^24 × 64 ms: only arrival differences survive.
            assertThat(relative(arrivals(feedback))).containsExactlyElementsOf(relative(arrivals));
        }
    }

    @Test
    void refusesWhatDoesNotFitSoThatTheCallerStartsAnotherMessage() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(10);
        assertThat(builder.addReceived(10, 0)).isTrue();
        assertThat(builder.addReceived(11, 9_000_000)).as("a delta past 16 bits (8.19 s)").isFalse();
        assertThat(builder.addReceived(9, 100)).as("older than what was added").isFalse();
        assertThat(builder.addReceived(10 + 5_000, 200)).as("too many packets for one message").isFalse();
        assertThat(builder.packetCount()).isEqualTo(1);

        builder.reset(0);
        int added = 0;
        long time = 0;
        while (builder.addReceived(added, time)) {
            added++;
            time += 100_000; // every delta large: 2 bytes each
        }
        byte[] buf = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
        assertThat(builder.write(buf, 0, 1, 2, 0)).isLessThanOrEqualTo(TransportCcFeedbackBuilder.MAX_LENGTH);
        assertThat(added).isGreaterThan(400);
    }

    @Test
    void refusesToWriteAnEmptyMessage() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(0);
        assertThatThrownBy(() -> builder.write(new byte[64], 0, 1, 2, 0)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8FCD0004 00000001 00000002 00010000 00000100",          // packet status count 0
        "8FCD0004 00000001 00000002 00010005 00000100",          // status count 5, no chunk
        "8FCD0005 00000001 00000002 00010002 00000100 40020000", // two large deltas, two bytes of them
        "8FCD0005 00000001 00000002 00010002 00000100 60020000", // run-length of the reserved symbol
        "8FCD0005 00000001 00000002 00010001 00000100 FC000000", // two-bit vector with the reserved symbol
        "8FCD0005 00000001 00000002 00012001 00000100 00000000", // 8193 packets: over the limit
    })
    void rejectsMalformedFeedback(String hexPacket) {
        byte[] buf = Hex.bytes(hexPacket);
        assertThat(new TransportCcFeedback().wrap(buf, 0, buf.length)).isFalse();
    }

    @Test
    void readsAOneBitVector() {
        // base 5, 14 packets: received, lost, received x12 ... as a one-bit vector 1 0 1 1 1 1 1 1 1 1 1 1 1 1.
        byte[] buf = Hex.bytes("8FCD0008 00000001 00000002 0005000E 00000101 AFFF" + "01".repeat(13) + "00");
        TransportCcFeedback feedback = new TransportCcFeedback();
        assertThat(feedback.wrap(buf, 0, buf.length - 1)).isTrue();
        assertThat(feedback.packetStatusCount()).isEqualTo(14);
        assertThat(feedback.received(0)).isTrue();
        assertThat(feedback.received(1)).isFalse();
        assertThat(feedback.arrivalTimeMicros(13) - feedback.arrivalTimeMicros(0)).isEqualTo(12 * 250);
        assertThat(feedback.feedbackPacketCount()).isEqualTo(1);
    }
}
