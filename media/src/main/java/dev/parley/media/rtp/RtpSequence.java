package dev.parley.media.rtp;

/**
 * Arithmetic on RTP's wrapping counters (RFC 3550 §5.1): 16-bit sequence numbers and 32-bit timestamps, compared
 * by their shortest distance around the circle (RFC 1982 serial number arithmetic).
 */
public final class RtpSequence {

    private RtpSequence() {
    }

    /** {@code a - b} for 16-bit sequence numbers, in [-32768, 32767]: positive when {@code a} is newer. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** Whether sequence number {@code a} comes after {@code b}. */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** {@code a - b} for 32-bit timestamps: positive when {@code a} is later. */
    public static int timestampDiff(int a, int b) {
        return a - b;
    }

    /**
     * The extended (unwrapped) value of 16-bit {@code seq} that is closest to the extended {@code reference}:
     * how a receiver counts wraps (RFC 3550 A.1) without a separate cycle counter.
     */
    public static long unwrap(int seq, long reference) {
        return reference + diff(seq, (int) reference);
    }
}
