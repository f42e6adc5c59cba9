package dev.parley.media.forward;

/**
 * The bitrate a publisher stream arrives at, per temporal layer (packets that tell none count as layer 0), measured
 * over {@link #INTERVAL_NANOS} and smoothed: what a subscription taking the stream up to a temporal layer costs its
 * subscriber's downlink. Confined to the room's thread.
 */
final class LayerRates {

    /** Temporal layers told apart; higher ones (VP8 allows a fourth) count with the highest. */
    static final int TEMPORAL_LAYERS = 3;
    static final long INTERVAL_NANOS = 500_000_000L;
    /** Weight of a new measurement. */
    private static final double SMOOTHING = 0.5;

    private final long[] bytes = new long[TEMPORAL_LAYERS];
    private final long[] rates = new long[TEMPORAL_LAYERS];
    private boolean measured;
    private long intervalStart;
    private boolean started;

    void count(int temporalLayer, int length) {
        bytes[Math.clamp(temporalLayer, 0, TEMPORAL_LAYERS - 1)] += length;
    }

    /** Ends the interval when it is over: each layer's rate from the bytes counted in it. */
    void update(long nowNanos) {
        if (!started) {
            started = true;
            intervalStart = nowNanos;
            return;
        }
        long elapsed = nowNanos - intervalStart;
        if (elapsed < INTERVAL_NANOS) {
            return;
        }
        for (int layer = 0; layer < TEMPORAL_LAYERS; layer++) {
            long rate = bytes[layer] * 8 * 1_000_000_000L / elapsed;
            rates[layer] = measured ? (long) (SMOOTHING * rate + (1 - SMOOTHING) * rates[layer]) : rate;
            bytes[layer] = 0;
        }
        measured = true;
        intervalStart = nowNanos;
    }

    /** Bits per second of the layers up to {@code temporalLayer}; 0 before the first interval ended. */
    long upTo(int temporalLayer) {
        long sum = 0;
        for (int layer = 0; layer <= Math.min(temporalLayer, TEMPORAL_LAYERS - 1); layer++) {
            sum += rates[layer];
        }
        return sum;
    }

    /** Whether packets of {@code temporalLayer} arrived in the last interval. */
    boolean has(int temporalLayer) {
        return rates[Math.clamp(temporalLayer, 0, TEMPORAL_LAYERS - 1)] > 0;
    }
}
