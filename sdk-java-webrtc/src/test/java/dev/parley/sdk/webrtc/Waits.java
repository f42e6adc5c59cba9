package dev.parley.sdk.webrtc;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Bounded polling for the media tests. */
final class Waits {

    static final Duration MEDIA = Duration.ofSeconds(15);
    private static final long POLL_MS = 200;

    private Waits() {
    }

    /**
     * Polls {@code sample} until {@code done} holds, for at most {@code timeout}; fails with
     * {@code what} and the last sample otherwise. Returns the sample that satisfied it.
     */
    static <T> T until(String what, Duration timeout, Supplier<T> sample, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = sample.get();
            if (done.test(last)) return last;
            if (System.nanoTime() > deadline) fail("Timed out after %s waiting for %s; last: %s", timeout, what, last);
            sleep(POLL_MS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
