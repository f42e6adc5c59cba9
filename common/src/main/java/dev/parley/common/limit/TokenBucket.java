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
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
    }

    /**
     * Takes {@code amount} tokens even when fewer are left, going into debt (at most one burst deep); returns
     * zero while the bucket is not in debt, else how long until the debt is paid off. For costs that are
     * known only after the work was done, such as the bytes a connection sent.
     */
    public Duration charge(double amount) {
        refill();
        tokens = Math.max(tokens - amount, -burst);
        return tokens >= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(-tokens / perMilli));
    }

    /** Gives one token back (a reservation that turned out not to count), up to the burst. */
    public void giveBack() {
        refill();
        tokens = Math.min(burst, tokens + 1);
    }

    private void refill() {
        long now = clock.millis();
        tokens = Math.min(burst, tokens + (now - updatedAt) * perMilli);
        updatedAt = now;
    }
}
