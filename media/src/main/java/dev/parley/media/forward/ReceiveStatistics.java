package dev.parley.media.forward;

import dev.parley.media.rtp.RtpSequence;

/**
 * What a receiver reports about one publisher stream (RFC 3550 §6.4.1): packets and bytes received, extended
 * highest sequence number with source restarts detected as in A.1, loss as in A.3 and interarrival jitter as in
 * A.8. Confined to the room's thread.
 */
final class ReceiveStatistics {

    /** RFC 3550 A.1: a jump further than this is a restart (or garbage) until the next packet confirms it. */
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private boolean started;
    private long baseSequenceNumber;
    private long highestSequenceNumber;
    private int restartCandidate = -1;
    private long packets;
    private long bytes;
    private long expectedPrior;
    private long receivedPrior;
    private long firstArrivalNanos;
    private int lastTransit;
    private boolean hasTransit;
    /** Jitter scaled by 16, the integer form of RFC 3550 A.8. */
    private int jitterQ4;

    /**
     * Counts a packet and returns its extended sequence number. Retransmissions count as received but are left out
     * of jitter, having been delayed on purpose.
     */
    long onPacket(int sequenceNumber, int timestamp, int clockRate, long arrivalNanos, int length,
            boolean retransmission) {
        long extended;
        if (!started) {
            started = true;
            extended = sequenceNumber;
            baseSequenceNumber = highestSequenceNumber = extended;
            firstArrivalNanos = arrivalNanos;
        } else {
            extended = RtpSequence.unwrap(sequenceNumber, highestSequenceNumber);
            long delta = extended - highestSequenceNumber;
            if (delta > MAX_DROPOUT || delta < -MAX_MISORDER) {
                if (sequenceNumber != restartCandidate) {
                    // Not counted (A.1): a stray packet unless the next one confirms the jump.
                    restartCandidate = (sequenceNumber + 1) & 0xFFFF;
                    return extended;
                }
                // Two packets in sequence after the jump: the source restarted (A.1); count afresh from here.
                baseSequenceNumber = highestSequenceNumber = extended;
                expectedPrior = receivedPrior = packets = 0;
                hasTransit = false;
            } else if (delta > 0) {
                highestSequenceNumber = extended;
            }
        }
        restartCandidate = -1;
        packets++;
        bytes += length;
        if (!retransmission) {
            updateJitter(timestamp, clockRate, arrivalNanos);
        }
        return extended;
    }

    private void updateJitter(int timestamp, int clockRate, long arrivalNanos) {
        long arrival = (arrivalNanos - firstArrivalNanos) / 1_000 * clockRate / 1_000_000;
        int transit = (int) arrival - timestamp;
        if (hasTransit) {
            int d = Math.abs(transit - lastTransit);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        hasTransit = true;
    }

    boolean started() {
        return started;
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    long extendedHighestSequenceNumber() {
        return highestSequenceNumber;
    }

    /** Packets expected minus packets received (A.3); negative with duplicates. */
    long cumulativeLost() {
        return started ? highestSequenceNumber - baseSequenceNumber + 1 - packets : 0;
    }

    /** Interarrival jitter in timestamp units (A.8). */
    int jitter() {
        return jitterQ4 >> 4;
    }

    /** The fraction lost since the previous call, in 1/256 (A.3), as a report block carries it. */
    int fractionLostSinceLastReport() {
        long expected = highestSequenceNumber - baseSequenceNumber + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = packets - receivedPrior;
        expectedPrior = expected;
        receivedPrior = packets;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }
}
