package dev.parley.media.bwe;

/**
 * The delay-based rate (draft-ietf-rmcat-gcc-02 §5.5): a state machine driven by the overuse detector. Overuse
 * decreases the rate to {@value #BETA} times the acknowledged rate (what the path just delivered, so the queue
 * drains), then holds; underuse holds (a queue drains); normal increases, multiplicatively (8 % per second) while
 * far from the link capacity seen at past decreases, additively (about a packet per response time) near it. An
 * increase never takes the rate beyond 1.5 times the acknowledged rate: the estimate may only run a little ahead
 * of what the path has shown it carries (probes excepted, {@link #raiseTo}).
 */
final class AimdRateControl {

    static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final double ACKED_HEADROOM = 1.5;
    private static final long ACKED_HEADROOM_BITS = 10_000;
    private static final double PACKET_BITS = 1200 * 8;
    private static final long MIN_ADDITIVE_PER_SECOND = 4_000;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long minBitrate;
    private final long maxBitrate;
    private State state = State.INCREASE;
    private double bitrate;
    private long lastChangeNanos = Long.MIN_VALUE;
    /** Smoothed acknowledged rate at decreases (the path's capacity as overuse showed it), 0 while unknown. */
    private double linkCapacity;
    private double linkCapacityDeviation;

    AimdRateControl(long startBitrate, long minBitrate, long maxBitrate) {
        this.bitrate = startBitrate;
        this.minBitrate = minBitrate;
        this.maxBitrate = maxBitrate;
    }

    long bitrate() {
        return (long) bitrate;
    }

    /** Applies the detector's verdict at {@code nowNanos}, with the acknowledged rate and the round trip time. */
    void update(BandwidthUsage usage, long ackedBitrate, long rttNanos, long nowNanos) {
        state = switch (usage) {
            case OVERUSING -> State.DECREASE;
            case UNDERUSING -> State.HOLD;
            case NORMAL -> state == State.HOLD ? State.INCREASE : state;
        };
        if (lastChangeNanos == Long.MIN_VALUE) {
            lastChangeNanos = nowNanos;
        }
        double elapsedSeconds = Math.min(Math.max(nowNanos - lastChangeNanos, 0) / 1e9, 1.0);
        switch (state) {
            case HOLD -> { }
            case INCREASE -> increase(ackedBitrate, rttNanos, elapsedSeconds);
            case DECREASE -> {
                decrease(ackedBitrate);
                state = State.HOLD;
            }
        }
        lastChangeNanos = nowNanos;
    }

    private void increase(long ackedBitrate, long rttNanos, double elapsedSeconds) {
        if (linkCapacity > 0 && bitrate > linkCapacity + 3 * linkCapacityDeviation) {
            linkCapacity = 0; // beyond what overuse showed: the path changed, search again multiplicatively
        }
        double next;
        if (linkCapacity > 0) {
            double responseSeconds = (rttNanos + 100_000_000) / 1e9;
            next = bitrate + Math.max(MIN_ADDITIVE_PER_SECOND, PACKET_BITS / responseSeconds) * elapsedSeconds;
        } else {
            next = bitrate * Math.pow(MULTIPLICATIVE_PER_SECOND, elapsedSeconds) + 1000 * elapsedSeconds;
        }
        if (ackedBitrate > 0) {
            next = Math.min(next, Math.max(bitrate, ACKED_HEADROOM * ackedBitrate + ACKED_HEADROOM_BITS));
        }
        bitrate = Math.clamp(next, minBitrate, maxBitrate);
    }

    private void decrease(long ackedBitrate) {
        double base = ackedBitrate > 0 ? ackedBitrate : bitrate;
        double next = Math.min(BETA * base, bitrate);
        if (ackedBitrate > 0) {
            if (linkCapacity > 0 && Math.abs(ackedBitrate - linkCapacity) > 3 * linkCapacityDeviation) {
                linkCapacity = 0; // far from the last capacity: a different path, or other traffic came or went
            }
            if (linkCapacity == 0) {
                linkCapacity = ackedBitrate;
                linkCapacityDeviation = 0.1 * ackedBitrate;
            } else {
                double error = ackedBitrate - linkCapacity;
                linkCapacity += 0.05 * error;
                linkCapacityDeviation = Math.max(0.05 * linkCapacity,
                        0.95 * linkCapacityDeviation + 0.05 * Math.abs(error));
            }
        }
        bitrate = Math.clamp(next, minBitrate, maxBitrate);
    }

    /** A probe showed the path carries {@code measured}: the rate goes up to it (never down). */
    void raiseTo(long measured) {
        if (measured > bitrate) {
            bitrate = Math.min(measured, maxBitrate);
            linkCapacity = 0;
        }
    }
}
