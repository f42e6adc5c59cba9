package dev.parley.media.bwe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtcp.TransportCcFeedback;
import dev.parley.media.rtcp.TransportCcFeedbackBuilder;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The estimator's bookkeeping and probe bounds, fed directly (the behaviour on a link: BandwidthEstimationTest). */
class SendSideEstimatorTest {

    private static final long MS = 1_000_000;
    private static final long TICK = 20 * MS;

    private final TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
    private final byte[] buf = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
    private final TransportCcFeedback feedback = new TransportCcFeedback();

    /** Feedback from {@code base} on reporting {@code received} numbers, arrived 1 ms apart from {@code micros}. */
    private TransportCcFeedback feedback(int base, long micros, int... received) {
        builder.reset(base);
        for (int i = 0; i < received.length; i++) {
            assertThat(builder.addReceived(received[i], micros + 1_000L * i)).isTrue();
        }
        int length = builder.write(buf, 0, 1, 2, 0);
        assertThat(feedback.wrap(buf, 0, length)).isTrue();
        return feedback;
    }

    @Test
    void matchesFeedbackAcrossTheSequenceNumberWrapAndIgnoresNumbersNeverSent() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        assertThat(estimator.estimate()).as("nothing known before feedback").isZero();
        long now = 1_000 * MS;
        for (int n = 65_530; n < 65_540; n++) {
            estimator.sent(n & 0xFFFF, 1_000, now + (n - 65_530) * MS);
        }
        // 65 520-65 529 were never sent by this estimator: reported missing, they are nobody's loss.
        estimator.onFeedback(feedback(65_520, 50_000, 65_530, 65_531, 65_533, 65_535, 0, 1, 3), now + 60 * MS);

        assertThat(estimator.packetsReportedLost()).as("missing, not lost yet: they may come late").isZero();
        assertThat(estimator.estimate()).isEqualTo(BandwidthSettings.defaults().startBitrate());
        assertThat(estimator.feedbackDelayNanos()).isEqualTo(60 * MS - 9 * MS);
        // 65 534 comes late, as on a jittery path; the others were not reported within the reorder window: lost.
        estimator.onFeedback(feedback(65_534, 80_000, 65_534), now + 60 * MS + SendSideEstimator.REORDER_WINDOW_NANOS);
        assertThat(estimator.packetsReportedLost()).as("65 532 and 2").isEqualTo(2);

        // Feedback about nothing this estimator sent (stale, or another transport's) changes nothing.
        SendSideEstimator fresh = new SendSideEstimator(BandwidthSettings.defaults());
        fresh.sent(100, 1_000, now);
        fresh.onFeedback(feedback(65_520, 50_000, 65_530, 65_531), now + 60 * MS);
        assertThat(fresh.estimate()).as("still nothing known").isZero();
    }

    @Test
    void probesInBoundedClustersUpToWhatTheSubscriberWants() {
        BandwidthSettings settings = new BandwidthSettings(300_000, 30_000, 1_000_000, true, Duration.ofSeconds(5));
        SendSideEstimator estimator = new SendSideEstimator(settings);
        long now = 1_000 * MS;
        assertThat(estimator.probeBurst(0, 0, TICK, now)).as("no feedback yet: nothing would measure a probe")
                .isZero();
        estimator.sent(10, 1_000, now);
        estimator.onFeedback(feedback(10, 0, 10), now + 50 * MS);

        // Start-up: 3 x 300 kbit/s, but the subscriber wants only 500 kbit/s: three bursts of 20 ms at 500 kbit/s.
        for (int burst = 0; burst < 3; burst++) {
            now += TICK;
            assertThat(estimator.probeBurst(500_000, 0, TICK, now)).isEqualTo(500_000 * 20 / 8_000);
            estimator.probeBurstSent();
        }
        now += TICK;
        assertThat(estimator.probeBurst(500_000, 0, TICK, now)).as("one cluster at a time").isZero();

        // Its result never came: after the probe interval, the next goes at twice the estimate, within the maximum.
        now += 5_000 * MS;
        for (int burst = 0; burst < 3; burst++) {
            assertThat(estimator.probeBurst(0, 0, TICK, now)).isEqualTo(600_000 * 20 / 8_000);
            estimator.probeBurstSent();
            now += TICK;
        }

        // Media that fills the estimate tests it by itself: no periodic probe.
        now += 10_000 * MS;
        assertThat(estimator.probeBurst(0, 290_000, TICK, now)).isZero();
    }

    @Test
    void aProbeResultRaisesTheEstimate() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long now = 1_000 * MS;
        estimator.sent(0, 1_000, now);
        estimator.onFeedback(feedback(0, 0, 0), now + 30 * MS);
        int number = 1;
        long bytes = 0;
        for (int burst = 0; burst < 3; burst++) {
            now += TICK;
            bytes = estimator.probeBurst(0, 0, TICK, now);
            for (long left = bytes; left > 0; left -= 250) {
                estimator.sent(number++, 250, now);
            }
            estimator.probeBurstSent();
        }
        assertThat(bytes).as("3 x the start rate").isEqualTo(900_000 * 20 / 8_000);
        // The path delivered the cluster at one 250-byte packet per 2 ms: 1 Mbit/s.
        builder.reset(1);
        for (int n = 1; n < number; n++) {
            builder.addReceived(n, 100_000 + 2_000L * (n - 1));
        }
        int length = builder.write(buf, 0, 1, 2, 1);
        assertThat(feedback.wrap(buf, 0, length)).isTrue();
        estimator.onFeedback(feedback, now + 50 * MS);

        // Sent at 900 kbit/s (two bursts over the 40 ms to the third), received at 1 Mbit/s: the smaller stands.
        assertThat(estimator.estimate()).as("min(send rate, receive rate) of the cluster").isEqualTo(900_000);
    }

    /**
     * Sends the probe cluster the estimator asks for, its three bursts {@code burstGapNanos} apart from {@code now},
     * in packets of {@code packetBytes} per 250 bytes of padding asked for, numbered from {@code number}; returns
     * the next number.
     */
    private static int sendCluster(SendSideEstimator estimator, int number, long now, long burstGapNanos,
            int packetBytes) {
        int first = number;
        for (int burst = 0; burst < 3; burst++) {
            for (long left = estimator.probeBurst(0, 0, TICK, now + burst * burstGapNanos); left > 0; left -= 250) {
                estimator.sent(number++ & 0xFFFF, packetBytes, now + burst * burstGapNanos);
            }
            estimator.probeBurstSent();
        }
        assertThat(number - first).as("a cluster was sent").isPositive();
        return number;
    }

    /**
     * Feedback, received at {@code feedbackNanos}, that packets {@code first} to {@code end} (excluded) arrived
     * {@code gapMicros} apart from {@code firstArrivalMicros}.
     */
    private void deliver(SendSideEstimator estimator, int first, int end, long firstArrivalMicros, long gapMicros,
            long feedbackNanos) {
        builder.reset(first & 0xFFFF);
        for (int n = first; n < end; n++) {
            assertThat(builder.addReceived(n & 0xFFFF, firstArrivalMicros + gapMicros * (n - first))).isTrue();
        }
        assertThat(feedback.wrap(buf, 0, builder.write(buf, 0, 1, 2, end))).isTrue();
        estimator.onFeedback(feedback, feedbackNanos);
    }

    /**
     * A probe cluster of 250-byte packets from {@code number} at the ticks from {@code now}, which the path delivers
     * at 1 Mbit/s (as a shaper's burst passes at line rate), and its feedback; returns the next number.
     */
    private int probeDeliveredAtLineRate(SendSideEstimator estimator, int number, long now) {
        int end = sendCluster(estimator, number, now, TICK, 250);
        deliver(estimator, number, end, now / 1_000 + 20_000, 2_000, now + 3 * TICK + 40 * MS);
        return end;
    }

    @Test
    void afterHeavyLossAProbeRaisesTheEstimateOnlyToWhatThePathThenDeliveredUntilThatIsOld() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long now = 1_000 * MS;
        int sequence = 0;
        // 267 kbit/s sent, a third of it lost: a path that carries about 180 kbit/s.
        for (int report = 0; report < 15; report++) {
            builder.reset(sequence & 0xFFFF);
            for (int k = 0; k < 9; k++) {
                long sent = now + k * 30 * MS;
                estimator.sent(sequence & 0xFFFF, 1_000, sent);
                if (k % 3 != 0) {
                    assertThat(builder.addReceived(sequence & 0xFFFF, sent / 1_000 + 20_000)).isTrue();
                }
                sequence++;
            }
            now += 270 * MS;
            int length = builder.write(buf, 0, 1, 2, report);
            assertThat(feedback.wrap(buf, 0, length)).isTrue();
            estimator.onFeedback(feedback, now + 20 * MS);
        }
        long lossLimited = estimator.estimate();
        assertThat(lossLimited).isLessThan(200_000);

        // A probe of a few kilobytes passes at line rate, as through a token bucket's burst: 900 kbit/s measured, but
        // the path lost heavily at about 180 kbit/s moments ago.
        now += 300 * MS;
        sequence = probeDeliveredAtLineRate(estimator, sequence, now);
        assertThat(estimator.estimate()).as("no higher than the path delivered while it lost").isLessThan(200_000);

        // Twenty seconds on, without loss since, a probe is believed again.
        now += LossBasedControl.LOSS_LIMIT_MEMORY_NANOS;
        probeDeliveredAtLineRate(estimator, sequence, now);
        assertThat(estimator.estimate()).isGreaterThan(2 * lossLimited);
    }

    @Test
    void aClusterWhoseBurstsWentOutTogetherMeasuresNothingAndNoneShowsMoreThanItsRate() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long now = 1_000 * MS;
        estimator.sent(0, 1_000, now);
        estimator.onFeedback(feedback(0, 0, 0), now + 30 * MS);
        // The ticks that should have spread the start-up cluster over 40 ms came late and together: its three bursts
        // left within a millisecond, and arrived 100 µs apart, as through a shaper's burst.
        now += TICK;
        int number = sendCluster(estimator, 1, now, 300_000, 250);
        deliver(estimator, 1, number, 100_000, 100, now + 50 * MS);
        assertThat(estimator.estimate()).as("20 Mbit/s sent and received, yet nothing measured")
                .isEqualTo(BandwidthSettings.defaults().startBitrate());

        // A cluster sent as meant, at 2 x 300 kbit/s, and received at line rate: it shows 600 kbit/s, no more,
        // though its packets came to more bytes than their padding (headers: 720 kbit/s sent).
        now += 5_000 * MS;
        int end = sendCluster(estimator, number, now, TICK, 300);
        deliver(estimator, number, end, 6_000_000, 100, now + 3 * TICK + 30 * MS);
        assertThat(estimator.estimate()).isEqualTo(600_000);
    }

    @Test
    void aDelayOnlyEstimateOnALosslessPathIsToldApartFromALossyOne() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long now = 1_000 * MS;
        int sequence = 0;
        long delayMicros = 20_000;
        // 33 packets/s of 1 000 bytes (267 kbit/s) into a queue that grows by 3 ms per packet and never overflows.
        for (int report = 0; report < 30; report++) {
            int first = sequence;
            builder.reset(first);
            for (int k = 0; k < 10; k++) {
                long sent = now + k * 30 * MS;
                estimator.sent(sequence & 0xFFFF, 1_000, sent);
                delayMicros += 3_000;
                assertThat(builder.addReceived(sequence & 0xFFFF, sent / 1_000 + delayMicros)).isTrue();
                sequence++;
            }
            now += 300 * MS;
            int length = builder.write(buf, 0, 1, 2, report);
            assertThat(feedback.wrap(buf, 0, length)).isTrue();
            estimator.onFeedback(feedback, now + delayMicros * 1_000);
        }
        assertThat(estimator.estimate()).as("the growing delay brought it down")
                .isLessThan(BandwidthSettings.defaults().startBitrate());
        assertThat(estimator.heldByDelayAlone()).as("nothing lost: delay alone").isTrue();

        // The same path now loses a third of what is sent: too narrow, not just jittery or queueing.
        for (int report = 30; report < 45; report++) {
            builder.reset(sequence & 0xFFFF);
            for (int k = 0; k < 9; k++) {
                long sent = now + k * 30 * MS;
                estimator.sent(sequence & 0xFFFF, 1_000, sent);
                if (k % 3 != 0) {
                    assertThat(builder.addReceived(sequence & 0xFFFF, sent / 1_000 + delayMicros)).isTrue();
                }
                sequence++;
            }
            now += 270 * MS;
            int length = builder.write(buf, 0, 1, 2, report);
            assertThat(feedback.wrap(buf, 0, length)).isTrue();
            estimator.onFeedback(feedback, now + delayMicros * 1_000);
        }
        assertThat(estimator.lossFraction()).isGreaterThan(0.2);
        assertThat(estimator.heldByDelayAlone()).as("lossy").isFalse();
    }

    @Test
    void sendingIntoSilenceLowersTheEstimate() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long now = 1_000 * MS;
        estimator.sent(0, 1_000, now);
        estimator.onFeedback(feedback(0, 0, 0), now + 30 * MS);
        long start = estimator.estimate();
        for (int tick = 1; tick <= 60; tick++) {
            now += TICK;
            estimator.sent(tick, 1_000, now);
            estimator.tick(now);
        }
        assertThat(estimator.estimate()).as("no feedback for a second while sending: a fifth down")
                .isEqualTo(start * 4 / 5);
        for (int tick = 61; tick <= 150; tick++) {
            now += TICK;
            estimator.sent(tick, 1_000, now);
            estimator.tick(now);
        }
        assertThat(estimator.estimate()).as("and again each second (1.04 s and 2.06 s after the feedback)")
                .isEqualTo(start * 4 / 5 * 4 / 5);
    }

    @Test
    void arrivalTimesContinueAcrossTheReceiversReferenceTimeWrap() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        long wrap = (1L << 24) * 64_000;
        long now = 1_000 * MS;
        // The receiver's clock, which its feedback reports modulo the wrap, as a signed 24-bit reference time: from
        // its largest positive value to its most negative.
        long arrival = wrap / 2 - 800_000;
        int number = 0;
        long beforeQueue = 0;
        // 500 kbit/s (1000 bytes every 16 ms), delivered as sent while the receiver's clock wraps; then the path
        // slows to two thirds of that and a queue grows: overuse must still be seen after the wrap.
        for (int round = 0; round < 100; round++) {
            long spacing = round < 50 ? 16_000 : 24_000;
            builder.reset(number);
            for (int k = 0; k < 6; k++) {
                estimator.sent(number, 1_000, now + k * 16 * MS);
                if (!builder.addReceived(number, arrival % wrap)) {
                    // Across the wrap: this builder starts a new message rather than a delta that large.
                    int length = builder.write(buf, 0, 1, 2, round);
                    assertThat(feedback.wrap(buf, 0, length)).isTrue();
                    estimator.onFeedback(feedback, now + k * 16 * MS);
                    builder.reset(number);
                    assertThat(builder.addReceived(number, arrival % wrap)).isTrue();
                }
                number++;
                arrival += spacing;
            }
            int length = builder.write(buf, 0, 1, 2, round);
            assertThat(feedback.wrap(buf, 0, length)).isTrue();
            now += 96 * MS;
            estimator.onFeedback(feedback, now);
            if (round == 49) {
                beforeQueue = estimator.estimate();
            }
        }
        assertThat(beforeQueue).as("grew across the wrap").isGreaterThan(BandwidthSettings.defaults().startBitrate());
        assertThat(estimator.estimate()).as("down to 0.85 x what the slower path delivered")
                .isLessThan(beforeQueue).isLessThan(400_000);
    }

    /**
     * 720 kbit/s over a path that delays each packet by 20 ms plus a uniform 0-100 ms, losing none (the jitter case
     * of conference-impaired): packets arrive out of order, feedback every 100 ms reports the late ones missing and
     * then received. The estimate used to fall to the minimum (30 kbit/s): each late packet counted as lost, and
     * reordered groups read as a growing queue.
     */
    @Test
    void aJitteryLosslessPathKeepsItsEstimate() {
        SendSideEstimator estimator = new SendSideEstimator(BandwidthSettings.defaults());
        java.util.Random random = new java.util.Random(7);
        long now = 1_000 * MS;
        int sequence = 0;
        java.util.List<long[]> inFlight = new java.util.ArrayList<>(); // {sequence number, arrival µs}
        long lowestAfterRampUp = Long.MAX_VALUE;
        for (int step = 1; step <= 30_000 / 16; step++) {
            now += 16 * MS;
            estimator.sent(sequence & 0xFFFF, 1_200, now);
            inFlight.add(new long[] {sequence++, now / 1_000 + 20_000 + random.nextInt(100_000)});
            if (step % 6 != 0) {
                continue;
            }
            long nowMicros = now / 1_000;
            java.util.List<long[]> arrived = inFlight.stream().filter(p -> p[1] <= nowMicros).toList();
            if (arrived.isEmpty()) {
                continue;
            }
            inFlight.removeAll(arrived);
            builder.reset((int) arrived.getFirst()[0] & 0xFFFF);
            for (long[] packet : arrived) {
                assertThat(builder.addReceived((int) packet[0] & 0xFFFF, packet[1])).isTrue();
            }
            int length = builder.write(buf, 0, 1, 2, step & 0xFF);
            assertThat(feedback.wrap(buf, 0, length)).isTrue();
            estimator.onFeedback(feedback, now);
            if (step * 16 > 15_000) {
                lowestAfterRampUp = Math.min(lowestAfterRampUp, estimator.estimate());
            }
        }
        assertThat(estimator.packetsReportedLost()).as("late is not lost").isZero();
        // The delay controller still dips now and then, but stays well above any video's lowest layer.
        assertThat(lowestAfterRampUp).as("most of what is sent keeps fitting").isGreaterThan(400_000);
    }
}
