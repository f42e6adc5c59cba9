package dev.parley.media.bwe;

import java.util.Arrays;

/**
 * Measures probe clusters (libwebrtc's probe bitrate estimator): for each, the rate it was sent at (bytes before
 * its last send instant over the span of its send times) and the rate it arrived at (bytes after its first arrival
 * over the span of its arrivals). A path that carries the cluster delivers it as fast as it was sent; a narrower one
 * spreads it out to its own capacity; the smaller of the two is what the path showed it carries. Keeps the last
 * {@value #SLOTS} clusters in fixed slots.
 */
final class ProbeClusters {

    static final int SLOTS = 4;
    /**
     * A cluster sent in less than this (its bursts went out together, the ticks that should have spread them
     * having come late and all at once) measures nothing: its packets pass any shaper's burst at line rate.
     */
    static final long MIN_SEND_SPAN_NANOS = 10_000_000;
    /** Share of a cluster's packets that must be reported received before it is measured. */
    private static final double MIN_RECEIVED_SHARE = 0.8;
    private static final int MIN_PACKETS = 5;

    private final int[] ids = new int[SLOTS];
    private final int[] sentPackets = new int[SLOTS];
    private final long[] firstSend = new long[SLOTS];
    private final long[] lastSend = new long[SLOTS];
    private final long[] bytesBeforeLastSend = new long[SLOTS];
    private final long[] bytesAtLastSend = new long[SLOTS];
    private final int[] receivedPackets = new int[SLOTS];
    private final long[] receivedBytes = new long[SLOTS];
    private final long[] firstArrival = new long[SLOTS];
    private final long[] lastArrival = new long[SLOTS];
    private final int[] firstArrivalSize = new int[SLOTS];
    private final boolean[] measured = new boolean[SLOTS];

    ProbeClusters() {
        Arrays.fill(ids, -1);
    }

    /** Starts measuring cluster {@code id} (forgetting the one {@value #SLOTS} clusters older). */
    void start(int id) {
        int s = id & (SLOTS - 1);
        ids[s] = id;
        sentPackets[s] = 0;
        bytesBeforeLastSend[s] = 0;
        bytesAtLastSend[s] = 0;
        receivedPackets[s] = 0;
        receivedBytes[s] = 0;
        measured[s] = false;
    }

    void sent(int id, int size, long nowNanos) {
        int s = id & (SLOTS - 1);
        if (ids[s] != id) {
            return;
        }
        if (sentPackets[s] == 0) {
            firstSend[s] = lastSend[s] = nowNanos;
        } else if (nowNanos > lastSend[s]) {
            bytesBeforeLastSend[s] += bytesAtLastSend[s];
            bytesAtLastSend[s] = 0;
            lastSend[s] = nowNanos;
        }
        bytesAtLastSend[s] += size;
        sentPackets[s]++;
    }

    void received(int id, int size, long arrivalMicros) {
        int s = id & (SLOTS - 1);
        if (ids[s] != id || measured[s]) {
            return;
        }
        if (receivedPackets[s] == 0 || arrivalMicros < firstArrival[s]) {
            if (receivedPackets[s] == 0) {
                lastArrival[s] = arrivalMicros;
            }
            firstArrival[s] = arrivalMicros;
            firstArrivalSize[s] = size;
        }
        lastArrival[s] = Math.max(lastArrival[s], arrivalMicros);
        receivedPackets[s]++;
        receivedBytes[s] += size;
    }

    /**
     * What cluster {@code id}, sent completely, showed the path carries, in bits per second; 0 while too little of it
     * was reported, -1 once measured (or forgotten), or when it was sent too fast to measure anything
     * ({@link #MIN_SEND_SPAN_NANOS}). Measured once.
     */
    long result(int id) {
        int s = id & (SLOTS - 1);
        if (ids[s] != id || measured[s]) {
            return -1;
        }
        if (sentPackets[s] < MIN_PACKETS || receivedPackets[s] < MIN_RECEIVED_SHARE * sentPackets[s]
                || lastArrival[s] <= firstArrival[s]) {
            return 0;
        }
        measured[s] = true;
        if (lastSend[s] - firstSend[s] < MIN_SEND_SPAN_NANOS) {
            return -1;
        }
        double receiveRate = (receivedBytes[s] - firstArrivalSize[s]) * 8 * 1_000_000.0
                / (lastArrival[s] - firstArrival[s]);
        double sendRate = bytesBeforeLastSend[s] * 8 * 1e9 / (lastSend[s] - firstSend[s]);
        return (long) Math.min(sendRate, receiveRate);
    }
}
