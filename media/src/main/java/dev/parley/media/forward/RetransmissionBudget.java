package dev.parley.media.forward;

/**
 * How much of a subscriber's downlink retransmissions may take: a token bucket filled at {@value #SHARE_PERCENT} %
 * of the downlink estimate, {@value #DEPTH_MILLIS} ms of it deep (at least a few full packets). On a link that loses
 * because it is full, every retransmission adds to what overflows it, the receiver NACKs what that loses in turn,
 * and retransmissions end up crowding out the media they repair; within the budget, they repair loss without
 * feeding it. Without an estimate (no transport-cc, no REMB) nothing limits them.
 *
 * <p>Confined to the room's thread; allocates nothing.
 */
final class RetransmissionBudget {

    static final int SHARE_PERCENT = 25;
    static final int DEPTH_MILLIS = 500;
    /** The bucket holds at least this much, so that a budget of a slow link still repairs a lost packet or three. */
    static final int MIN_DEPTH_BYTES = 3 * 1500;

    /** Bytes that may go now, fractions kept (NACKs close together each refill less than a byte); -1 at first. */
    private double tokens = -1;
    private long lastNanos;

    /**
     * Whether a retransmission of {@code bytes} fits now, given the downlink {@code estimate} in bits per second (0:
     * none, anything fits); if it does, its bytes are taken from the budget.
     */
    boolean take(int bytes, long estimate, long nowNanos) {
        if (estimate <= 0) {
            return true;
        }
        double bytesPerSecond = estimate / 8.0 * SHARE_PERCENT / 100;
        double depth = Math.max(MIN_DEPTH_BYTES, bytesPerSecond * DEPTH_MILLIS / 1000);
        tokens = tokens < 0 ? depth
                : Math.min(depth, tokens + bytesPerSecond * Math.max(0, nowNanos - lastNanos) / 1e9);
        lastNanos = nowNanos;
        if (tokens < bytes) {
            return false;
        }
        tokens -= bytes;
        return true;
    }
}
