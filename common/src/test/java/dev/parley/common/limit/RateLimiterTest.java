package dev.parley.common.limit;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(clock, 3, 2, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("1.2.3.4")).isZero();
        }
        assertThat(limiter.tryAcquire("1.2.3.4")).isEqualTo(Duration.ofMillis(500));
        now = now.plusMillis(500);
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
