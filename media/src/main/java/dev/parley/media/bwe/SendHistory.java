package dev.parley.media.bwe;

import java.util.Arrays;

/**
 * What was sent with each transport-wide sequence number: when, how many bytes, in which probe cluster, and whether
 * feedback acknowledged it already, in a ring of {@value #CAPACITY} slots (several seconds at video rates; a number
 * whose slot was reused since is simply unknown). Allocated once.
 */
final class SendHistory {

    static final int CAPACITY = 1 << 12;
    static final int NO_CLUSTER = -1;

    private final int[] sequenceNumbers = new int[CAPACITY];
    private final long[] sendNanos = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final int[] clusters = new int[CAPACITY];
    private final boolean[] reported = new boolean[CAPACITY];
    /** Feedback said the packet had not arrived, and none has said it arrived since. */
    private final boolean[] missing = new boolean[CAPACITY];

    SendHistory() {
        Arrays.fill(sequenceNumbers, -1);
    }

    void add(int sequenceNumber, int size, long nowNanos, int cluster) {
        int slot = sequenceNumber & (CAPACITY - 1);
        sequenceNumbers[slot] = sequenceNumber;
        sendNanos[slot] = nowNanos;
        sizes[slot] = size;
        clusters[slot] = cluster;
        reported[slot] = false;
        missing[slot] = false;
    }

    /** The slot of {@code sequenceNumber}, or -1 when it is unknown (never sent, or overwritten since). */
    int slot(int sequenceNumber) {
        int slot = sequenceNumber & (CAPACITY - 1);
        return sequenceNumbers[slot] == sequenceNumber ? slot : -1;
    }

    long sendNanos(int slot) {
        return sendNanos[slot];
    }

    int size(int slot) {
        return sizes[slot];
    }

    int cluster(int slot) {
        return clusters[slot];
    }

    /** Marks the packet as reported received; true the first time (a receiver may report a packet twice). */
    boolean markReported(int slot) {
        boolean first = !reported[slot];
        reported[slot] = true;
        missing[slot] = false;
        return first;
    }

    /**
     * Notes that feedback said the packet had not arrived; true the first time, while it has not been reported
     * received (a packet late on a jittery path is reported missing, then received).
     */
    boolean markMissing(int slot) {
        if (reported[slot] || missing[slot]) {
            return false;
        }
        missing[slot] = true;
        return true;
    }

    /** Whether the packet is still missing: reported not arrived, and not reported received since. */
    boolean missing(int slot) {
        return missing[slot];
    }
}
