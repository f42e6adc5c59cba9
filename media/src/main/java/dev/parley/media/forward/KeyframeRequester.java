package dev.parley.media.forward;

/**
 * When to ask one publisher stream for a keyframe: on demand (a subscriber starts, resumes, switches to this
 * stream or sends PLI/FIR), at most once per minimum interval however many ask (a request inside the interval is
 * sent when it ends), and again after the retry interval while no keyframe has come and a subscriber still waits
 * for one. Confined to the room's thread.
 */
final class KeyframeRequester {

    private final long minIntervalNanos;
    private final long retryIntervalNanos;
    private long lastSentAt = Long.MIN_VALUE;
    /** A keyframe is wanted and none arrived since it was asked for. */
    private boolean wanted;
    /** A request was held back by the minimum interval. */
    private boolean held;

    KeyframeRequester(long minIntervalNanos, long retryIntervalNanos) {
        this.minIntervalNanos = minIntervalNanos;
        this.retryIntervalNanos = retryIntervalNanos;
    }

    /** Someone wants a keyframe; true if the request goes out now (the caller sends it). */
    boolean request(long nowNanos) {
        wanted = true;
        if (elapsed(nowNanos) >= minIntervalNanos) {
            sent(nowNanos);
            return true;
        }
        held = true;
        return false;
    }

    /**
     * Whether a held request, or a retry when {@code retry} (someone still waits), is due now (the caller sends
     * it).
     */
    boolean due(long nowNanos, boolean retry) {
        long elapsed = elapsed(nowNanos);
        if ((held && elapsed >= minIntervalNanos) || (retry && wanted && elapsed >= retryIntervalNanos)) {
            sent(nowNanos);
            return true;
        }
        return false;
    }

    void keyframeArrived() {
        wanted = held = false;
    }

    private void sent(long nowNanos) {
        lastSentAt = nowNanos;
        held = false;
    }

    private long elapsed(long nowNanos) {
        return lastSentAt == Long.MIN_VALUE ? Long.MAX_VALUE : nowNanos - lastSentAt;
    }
}
