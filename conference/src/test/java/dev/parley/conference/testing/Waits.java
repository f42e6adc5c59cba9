package dev.parley.conference.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on other threads in transport tests: a condition is checked until it holds or a time limit passes. */
public final class Waits {

    private Waits() {
    }

    public static void until(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
