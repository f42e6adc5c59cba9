package dev.parley.common.limit;

import java.time.Clock;
import java.time.Duration;

/**
 * One token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Not thread-safe: each owner
 * (a connection, or {@link RateLimiter} under its lock) confines it.
 */
public final class TokenBucket {

    private final Clock clock;
    private final double burst;
    private final double perMilli;
    private double tokens;
    private long updatedAt;

    public TokenBucket(Clock clock, double burst, double perSecond) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a token bucket needs burst >= 1 and a rate > 0");
        }
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.tokens = burst;
        this.updatedAt = clock.millis();
    }

    /** Takes one token; returns zero on success, or how long until one is available. */
    public Duration tryTake() {
        long now = clock.millis();
        tokens = Math.min(burst, tokens + (now - updatedAt) * perMilli);
        updatedAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
    }
}
