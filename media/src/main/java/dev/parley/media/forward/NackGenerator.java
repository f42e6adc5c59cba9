package dev.parley.media.forward;

/**
 * The packets of one publisher stream that never arrived, and when to NACK each (RFC 4585 §6.2.1; the retry
 * policy follows libwebrtc's receiver): a gap in the extended sequence numbers adds its packets; each is NACKed at
 * the next tick, again every retry interval while it stays missing, and forgotten after the maximum number of
 * tries or once older than the cache age, when a receiver would no longer use it. A packet that turns up (late or
 * retransmitted) leaves the list.
 *
 * <p>Bounded: a gap wider than the list is reported to the caller instead (a video stream then asks for a
 * keyframe), and when the list is full the oldest entries make room. Confined to the room's thread.
 */
final class NackGenerator {

    /** RFC 3550 A.1's MAX_DROPOUT: a packet this far behind the highest starts a new sequence. */
    private static final int RESTART_DISTANCE = 3000;

    private final long[] missing;
    private final long[] detectedAt;
    private final long[] lastSentAt;
    private final int[] tries;
    private final long retryIntervalNanos;
    private final int maxTries;
    private final long maxAgeNanos;
    private int head;
    private int size;
    private long highest = -1;

    NackGenerator(int capacity, long retryIntervalNanos, int maxTries, long maxAgeNanos) {
        this.missing = new long[capacity];
        this.detectedAt = new long[capacity];
        this.lastSentAt = new long[capacity];
        this.tries = new int[capacity];
        this.retryIntervalNanos = retryIntervalNanos;
        this.maxTries = maxTries;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Notes the arrival of the packet with {@code extendedSequenceNumber}; returns false when it follows a gap too
     * wide to NACK (the list is then cleared).
     */
    boolean onPacket(long extendedSequenceNumber, long nowNanos) {
        if (highest < 0 || highest - extendedSequenceNumber > RESTART_DISTANCE) {
            // The first packet, or a source that restarted far behind: nothing before it is missing.
            highest = extendedSequenceNumber;
            head = size = 0;
            return true;
        }
        if (extendedSequenceNumber <= highest) {
            remove(extendedSequenceNumber);
            return true;
        }
        long gap = extendedSequenceNumber - highest - 1;
        long from = highest + 1;
        highest = extendedSequenceNumber;
        if (gap > missing.length) {
            head = size = 0;
            return false;
        }
        for (long seq = from; seq < extendedSequenceNumber; seq++) {
            add(seq, nowNanos);
        }
        return true;
    }

    private void add(long seq, long nowNanos) {
        if (size == missing.length) {
            head = (head + 1) % missing.length;
            size--;
        }
        int at = (head + size) % missing.length;
        missing[at] = seq;
        detectedAt[at] = nowNanos;
        lastSentAt[at] = Long.MIN_VALUE;
        tries[at] = 0;
        size++;
    }

    private void remove(long seq) {
        for (int i = 0; i < size; i++) {
            int at = (head + i) % missing.length;
            if (missing[at] == seq) {
                missing[at] = -1;
                break;
            }
        }
        while (size > 0 && missing[head] == -1) {
            head = (head + 1) % missing.length;
            size--;
        }
    }

    /** Whether the packet is missing and being NACKed. */
    boolean isMissing(long extendedSequenceNumber) {
        for (int i = 0; i < size; i++) {
            if (missing[(head + i) % missing.length] == extendedSequenceNumber) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes into {@code out} the 16-bit sequence numbers to NACK now, oldest first and at most
     * {@code out.length} (the rest wait for the next call), notes them as sent, drops the ones given up on, and
     * returns how many were written.
     */
    int collectDue(long nowNanos, int[] out) {
        int count = 0;
        for (int i = 0; i < size && count < out.length; i++) {
            int at = (head + i) % missing.length;
            if (missing[at] == -1) {
                continue;
            }
            if (tries[at] >= maxTries || nowNanos - detectedAt[at] > maxAgeNanos) {
                missing[at] = -1;
                continue;
            }
            if (lastSentAt[at] == Long.MIN_VALUE || nowNanos - lastSentAt[at] >= retryIntervalNanos) {
                lastSentAt[at] = nowNanos;
                tries[at]++;
                out[count++] = (int) (missing[at] & 0xFFFF);
            }
        }
        while (size > 0 && missing[head] == -1) {
            head = (head + 1) % missing.length;
            size--;
        }
        return count;
    }
}
