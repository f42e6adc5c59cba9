package dev.parley.sdk.it;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded polling for the integration tests' users. */
final class Poll {

    private Poll() {
    }

    /** Polls {@code probe} every 50 ms until it has a value, for at most {@code timeout}; then fails with {@code failure}. */
    static <T> T until(Supplier<Optional<T>> probe, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) return value.get();
            if (System.nanoTime() > deadline) throw new AssertionError(failure.get());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
