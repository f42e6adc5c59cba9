package dev.parley.common.time;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling for tests that wait on other threads (a socket, an event loop): the one place such
 * waits live. It checks a condition until it holds or the timeout passes; it asserts nothing about how
 * long that took.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, () -> condition.getAsBoolean() ? "done" : null);
    }

    /** Waits until {@code sample} gives a non-null value and returns it; fails naming {@code what} after {@code timeout}. */
    public static <T> T await(String what, Duration timeout, Supplier<T> sample) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = sample.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
