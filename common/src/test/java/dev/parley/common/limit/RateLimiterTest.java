package dev.parley.common.limit;

import dev.parley.common.time.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(clock, 3, 2, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("1.2.3.4")).isZero();
        }
        assertThat(limiter.tryAcquire("1.2.3.4")).isEqualTo(Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire("1.2.3.4")).isZero();
        assertThat(limiter.tryAcquire("1.2.3.4")).isPositive();
    }

    @Test
    void clientsHaveSeparateBuckets() {
        RateLimiter limiter = new RateLimiter(clock, 1, 1, 100);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("b")).isZero();
        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void tracksAtMostTheConfiguredNumberOfClients() {
        RateLimiter limiter = new RateLimiter(clock, 1, 1, 10);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(limiter.trackedClients()).isEqualTo(10);
    }
}
