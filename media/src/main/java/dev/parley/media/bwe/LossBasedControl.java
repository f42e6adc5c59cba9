package dev.parley.media.bwe;

/**
 * The loss-based rate (draft-ietf-rmcat-gcc-02 §6): from the fraction of packets the feedback reports lost,
 * counted over at least {@value #MIN_PACKETS} packets and {@value #INTERVAL_NANOS} ns: above 10 % the rate drops to
 * {@code rate × (1 − 0.5 × loss)} (at most once per interval plus a round trip); below 2 % it may grow 8 % over
 * the lowest target of the interval; between, it holds. Loss that a queue did not cause (a radio link's) does
 * not show in delay, so this bounds the estimate where the delay-based rate cannot.
 *
 * <p>What the path delivered when it lost that much is its capacity as loss showed it: for
 * {@value #LOSS_LIMIT_MEMORY_NANOS} ns after, a probe may not raise the estimate above it ({@link #probeCeiling}). A
 * shaper that lets a short burst through at line rate (a token bucket's depth) makes a probe of a few kilobytes read
 * far more than the path carries, and the step up it allows ends in the same loss again.
 */
final class LossBasedControl {

    private static final long INTERVAL_NANOS = 1_000_000_000;
    private static final long DECREASE_INTERVAL_NANOS = 300_000_000;
    private static final int MIN_PACKETS = 20;
    private static final double HIGH_LOSS = 0.10;
    private static final double LOW_LOSS = 0.02;
    static final long LOSS_LIMIT_MEMORY_NANOS = 20_000_000_000L;

    private final long minBitrate;
    private final long maxBitrate;
    private double bitrate;
    private int received;
    private int lost;
    private long windowStartNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private double lossFraction;
    private long lossLimitedBitrate;
    private long lossLimitedNanos = Long.MIN_VALUE;

    LossBasedControl(long startBitrate, long minBitrate, long maxBitrate) {
        this.bitrate = startBitrate;
        this.minBitrate = minBitrate;
        this.maxBitrate = maxBitrate;
    }

    long bitrate() {
        return (long) bitrate;
    }

    /** The loss fraction of the last complete interval, 0 to 1. */
    double lossFraction() {
        return lossFraction;
    }

    void received() {
        received++;
    }

    void lost() {
        lost++;
    }

    /**
     * After each feedback: when the interval is complete, decides from its loss, {@code target} being the estimate
     * now (the rate the sender aims at) and {@code ackedBitrate} what the path delivered lately (0: unknown).
     */
    void update(long target, long ackedBitrate, long rttNanos, long nowNanos) {
        if (windowStartNanos == Long.MIN_VALUE) {
            windowStartNanos = nowNanos;
        }
        int total = received + lost;
        if (total < MIN_PACKETS || nowNanos - windowStartNanos < DECREASE_INTERVAL_NANOS) {
            return;
        }
        double loss = (double) lost / total;
        if (loss > HIGH_LOSS) {
            if (lastDecreaseNanos == Long.MIN_VALUE
                    || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS + rttNanos) {
                bitrate = Math.clamp(Math.min(bitrate, target) * (1 - 0.5 * loss), minBitrate, maxBitrate);
                lastDecreaseNanos = nowNanos;
                if (ackedBitrate > 0) {
                    // Within one lossy spell the first decrease shows the capacity best: at later ones less was
                    // sent (video paused, layers down), and what was delivered then says nothing of the path.
                    boolean sameSpell = lossLimitedNanos != Long.MIN_VALUE
                            && nowNanos - lossLimitedNanos < LOSS_LIMIT_MEMORY_NANOS;
                    lossLimitedBitrate = sameSpell ? Math.max(lossLimitedBitrate, ackedBitrate) : ackedBitrate;
                    lossLimitedNanos = nowNanos;
                }
            }
        } else if (nowNanos - windowStartNanos < INTERVAL_NANOS) {
            return; // a low loss needs the whole interval to count
        } else if (loss < LOW_LOSS) {
            // Nor below what the path just delivered with next to no loss: media the rate does not hold back (a
            // room's audio, never paused) may show more than a rate that heavy loss brought down.
            bitrate = Math.clamp(Math.max(Math.max(bitrate, 1.08 * Math.min(bitrate, target) + 1000), ackedBitrate),
                    minBitrate, maxBitrate);
        }
        lossFraction = loss;
        received = 0;
        lost = 0;
        windowStartNanos = nowNanos;
    }

    /** Feedback stopped while packets went out: everything may be lost, so down by a fifth from {@code target}. */
    void feedbackTimedOut(long target) {
        bitrate = Math.clamp(0.8 * Math.min(bitrate, target), minBitrate, maxBitrate);
    }

    /**
     * The most a probe result may raise the estimate to now: what the path delivered at the last decrease for heavy
     * loss, within {@value #LOSS_LIMIT_MEMORY_NANOS} ns of it; else no limit.
     */
    long probeCeiling(long nowNanos) {
        return lossLimitedNanos != Long.MIN_VALUE && nowNanos - lossLimitedNanos < LOSS_LIMIT_MEMORY_NANOS
                ? lossLimitedBitrate : Long.MAX_VALUE;
    }

    /** A probe showed the path carries {@code measured} without loss to speak of. */
    void raiseTo(long measured) {
        bitrate = Math.max(bitrate, Math.min(measured, maxBitrate));
    }
}
