package dev.parley.chat.transport;

import dev.parley.common.time.Eventually;
import dev.parley.common.time.MutableClock;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection pays for the bytes it sends: beyond its burst, reading pauses until the debt is paid. */
class InboundThrottleTest {

    private final Vertx vertx = Vertx.vertx();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final InboundThrottle throttle = new InboundThrottle(vertx, clock, 1000, 10_000, pauses::incrementAndGet,
            resumes::incrementAndGet);

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void readsWithinTheBurstAndItsRefillNeverPause() {
        throttle.received(600);
        clock.advance(Duration.ofMillis(100));
        throttle.received(1000);
        assertThat(pauses).hasValue(0);
        assertThat(throttle.paused()).isFalse();
    }

    @Test
    void aReadBeyondTheBudgetPausesOnceThenResumes() {
        throttle.received(3000);
        throttle.received(500);
        assertThat(pauses).as("paused once, however much more arrives meanwhile").hasValue(1);
        assertThat(throttle.paused()).isTrue();
        Eventually.await("reading resumed once the debt is paid", Duration.ofSeconds(5), () -> resumes.get() == 1);
        assertThat(throttle.paused()).isFalse();
    }

    @Test
    void closingCancelsAPendingResume() throws InterruptedException {
        throttle.received(3000);
        throttle.close();
        Thread.sleep(600);
        assertThat(resumes).hasValue(0);
    }
}
