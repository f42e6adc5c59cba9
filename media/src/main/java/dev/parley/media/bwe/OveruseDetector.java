package dev.parley.media.bwe;

/**
 * Compares the delay trend with an adaptive threshold (draft-ietf-rmcat-gcc-02 §5.4): above it for longer than
 * {@value #OVERUSE_TIME_MS} ms and still rising is overuse, below its negative is underuse. The threshold follows the
 * trend, slowly up and faster down, so that concurrent TCP flows do not starve the estimate and a quiet path still
 * catches small queues (§5.4). The gains are libwebrtc's for the trendline's scale, not the draft's for its Kalman
 * filter's.
 */
final class OveruseDetector {

    private static final double THRESHOLD_GAIN = 4.0;
    private static final int MAX_DELTAS = 60;
    private static final double OVERUSE_TIME_MS = 10;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double MAX_ADAPT_OFFSET_MS = 15;
    private static final double MIN_THRESHOLD = 6;
    private static final double MAX_THRESHOLD = 600;
    private static final double MAX_TIME_DELTA_MS = 100;

    private double threshold = 12.5;
    private double lastUpdateMs = Double.NaN;
    private double overusingMs = -1;
    private int overuseCount;
    private double previousTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;
    private boolean overusedSinceTaken;

    /**
     * Overuse if it was signalled since the last call (one feedback covers several groups, and the rate controller
     * must not miss an overuse a later group's verdict replaced), else the current verdict.
     */
    BandwidthUsage takeState() {
        boolean overused = overusedSinceTaken;
        overusedSinceTaken = false;
        return overused ? BandwidthUsage.OVERUSING : state;
    }

    void detect(double trend, double sendDeltaMs, int deltas, double nowMs) {
        if (deltas < 2) {
            return;
        }
        double modified = Math.min(deltas, MAX_DELTAS) * trend * THRESHOLD_GAIN;
        if (modified > threshold) {
            overusingMs = overusingMs < 0 ? sendDeltaMs / 2 : overusingMs + sendDeltaMs;
            overuseCount++;
            if (overusingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                overusingMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
                overusedSinceTaken = true;
            }
        } else if (modified < -threshold) {
            overusingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            overusingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modified, nowMs);
    }

    private void adaptThreshold(double modified, double nowMs) {
        if (Double.isNaN(lastUpdateMs)) {
            lastUpdateMs = nowMs;
        }
        double magnitude = Math.abs(modified);
        if (magnitude > threshold + MAX_ADAPT_OFFSET_MS) {
            lastUpdateMs = nowMs; // a spike (a route change, a burst) should not drag the threshold along
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double elapsed = Math.min(Math.max(nowMs - lastUpdateMs, 0), MAX_TIME_DELTA_MS);
        threshold = Math.clamp(threshold + k * (magnitude - threshold) * elapsed, MIN_THRESHOLD, MAX_THRESHOLD);
        lastUpdateMs = nowMs;
    }
}
