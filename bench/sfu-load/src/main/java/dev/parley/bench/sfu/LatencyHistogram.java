package dev.parley.bench.sfu;

/**
 * Added latency (publisher's send → subscriber's receive, one clock) in 10 µs buckets up to 2 s, the last bucket
 * holding everything later. Written on the I/O thread only.
 */
final class LatencyHistogram {

    private static final long BUCKET_NANOS = 10_000;
    private final long[] counts = new long[200_001];
    private long total;

    void record(long nanos) {
        int bucket = (int) Math.min(counts.length - 1, Math.max(0, nanos / BUCKET_NANOS));
        counts[bucket]++;
        total++;
    }

    void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    long total() {
        return total;
    }

    /** The latency at percentile {@code p} (0-100) in milliseconds, the upper edge of its bucket; NaN when empty. */
    double percentileMillis(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100 * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return (counts.length) * BUCKET_NANOS / 1e6;
    }
}
