package dev.parley.media.bwe;

/**
 * The slope of the queuing delay over time: the delay variations of packet groups are accumulated, smoothed
 * exponentially, and a least-squares line is fit through the last {@value #WINDOW} points (libwebrtc's trendline
 * estimator, which replaced the Kalman filter of draft-ietf-rmcat-gcc-02 §5.3). The slope goes to the overuse
 * detector. Fixed arrays, no allocation.
 */
final class TrendlineFilter {

    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;

    private final OveruseDetector detector;
    private final double[] times = new double[WINDOW];
    private final double[] delays = new double[WINDOW];
    private int count;
    private int next;
    private int deltas;
    private double firstArrivalMs = Double.NaN;
    private double accumulatedDelay;
    private double smoothedDelay;
    private double trend;

    TrendlineFilter(OveruseDetector detector) {
        this.detector = detector;
    }

    /** The delay variation of one group against the one before: arrival and send deltas, its arrival time. */
    void update(double arrivalDeltaMs, double sendDeltaMs, double arrivalMs) {
        if (Double.isNaN(firstArrivalMs)) {
            firstArrivalMs = arrivalMs;
        }
        deltas = Math.min(deltas + 1, 1000);
        accumulatedDelay += arrivalDeltaMs - sendDeltaMs;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
        times[next] = arrivalMs - firstArrivalMs;
        delays[next] = smoothedDelay;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
        if (count == WINDOW) {
            trend = slope();
        }
        detector.detect(trend, sendDeltaMs, deltas, arrivalMs);
    }

    private double slope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < count; i++) {
            meanX += times[i];
            meanY += delays[i];
        }
        meanX /= count;
        meanY /= count;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < count; i++) {
            numerator += (times[i] - meanX) * (delays[i] - meanY);
            denominator += (times[i] - meanX) * (times[i] - meanX);
        }
        return denominator == 0 ? trend : numerator / denominator;
    }
}
