package dev.parley.common.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Measures what the calling thread allocates over several rounds of the same work, for the hot-path rule of
 * ARCHITECTURE.md (no allocation per packet). An allocation on the path shows in every round; a one-off of the JVM's
 * own (a method compiled or deoptimised mid-measurement, seen under load) in one at most, so tests assert on
 * {@link #least()}.
 */
public record AllocationRounds(long[] bytes) {

    /** Runs {@code round} (given the round's index) {@code rounds} times, measuring each on this thread. */
    public static AllocationRounds measure(int rounds, IntConsumer round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] bytes = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            round.accept(i);
            bytes[i] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        return new AllocationRounds(bytes);
    }

    /** The fewest bytes any round allocated. */
    public long least() {
        return Arrays.stream(bytes).min().orElseThrow();
    }

    @Override
    public String toString() {
        return Arrays.toString(bytes);
    }
}
