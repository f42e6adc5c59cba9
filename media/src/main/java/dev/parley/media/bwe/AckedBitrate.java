package dev.parley.media.bwe;

/**
 * The rate the receiver acknowledged: bytes reported received over windows of receive time, the first window
 * {@value #FIRST_WINDOW_MICROS} µs so that an estimate exists early, then {@value #WINDOW_MICROS} µs, each window's
 * rate folded into a smoothed value. What the path delivered is the base of the rate controller's decrease and the
 * bound of its increase. Packets reported in sequence order arrive out of order on a jittery path: one that arrived
 * a little before the window started still counts in it (a window restarted by each of them never completed, and
 * the rate went stale); only a jump back of over {@value #JUMP_BACK_MICROS} µs (a new clock) starts afresh.
 */
final class AckedBitrate {

    private static final long FIRST_WINDOW_MICROS = 150_000;
    private static final long WINDOW_MICROS = 500_000;
    private static final double SMOOTHING = 0.4;
    private static final long JUMP_BACK_MICROS = 1_000_000;

    private boolean started;
    private long windowStartMicros;
    private long windowBytes;
    private long windowMicros = FIRST_WINDOW_MICROS;
    private double bitrate;

    /** One packet reported received at {@code arrivalMicros} (receiver's clock, about in order). */
    void add(long arrivalMicros, int size) {
        if (!started || arrivalMicros < windowStartMicros - JUMP_BACK_MICROS) {
            started = true;
            windowStartMicros = arrivalMicros;
            windowBytes = 0;
        }
        long span = arrivalMicros - windowStartMicros;
        if (span >= windowMicros) {
            double sample = windowBytes * 8 * 1_000_000.0 / span;
            bitrate = bitrate == 0 ? sample : bitrate + SMOOTHING * (sample - bitrate);
            windowStartMicros = arrivalMicros;
            windowBytes = 0;
            windowMicros = WINDOW_MICROS;
        }
        windowBytes += size;
    }

    /** Bits per second; 0 until a window completed. */
    long bitrate() {
        return (long) bitrate;
    }
}
