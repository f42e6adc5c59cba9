package dev.parley.bench.sfu;

/**
 * What a subscriber measures of one stream the server forwards it (one SSRC), on the I/O thread: packets received
 * against the extended sequence number range (loss as RFC 3550 §6.4.1 counts it, raw: the participants send no NACK,
 * so nothing is repaired), and the interarrival jitter of RFC 3550 §6.4.1 / A.8 in timestamp units.
 */
final class InboundStream {

    private final double clockRate;
    private boolean started;
    private long baseSeq;
    private long highestSeq;
    private long received;
    private double jitter;
    private double lastTransit;
    private boolean hasTransit;
    private long windowExpected;
    private long windowReceived;
    private long maxSent = Long.MIN_VALUE;
    private long resent;

    InboundStream(int clockRate) {
        this.clockRate = clockRate;
    }

    /** A packet with sequence number {@code seq}, RTP timestamp {@code timestamp}, arrived at {@code nanos}. */
    void packet(int seq, long timestamp, long nanos, long sentNanos) {
        if (sentNanos <= maxSent) {
            resent++;
        }
        maxSent = Math.max(maxSent, sentNanos);
        if (!started) {
            started = true;
            baseSeq = seq;
            highestSeq = seq;
        } else {
            long extended = extend(seq);
            if (extended > highestSeq) {
                highestSeq = extended;
            }
        }
        received++;
        double arrival = nanos / 1e9 * clockRate;
        double transit = arrival - timestamp;
        if (hasTransit) {
            jitter += (Math.abs(transit - lastTransit) - jitter) / 16;
        }
        lastTransit = transit;
        hasTransit = true;
    }

    /** The extended sequence number nearest the highest one seen (RFC 3550 A.1's cycle count). */
    private long extend(int seq) {
        long candidate = (highestSeq & ~0xFFFFL) | seq;
        if (candidate - highestSeq > 0x8000) {
            candidate -= 0x10000;
        } else if (highestSeq - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    long expected() {
        return started ? highestSeq - baseSeq + 1 : 0;
    }

    /** Starts a measurement window. */
    void mark() {
        windowExpected = expected();
        windowReceived = received;
    }

    long expectedInWindow() {
        return expected() - windowExpected;
    }

    long receivedInWindow() {
        return received - windowReceived;
    }

    /** Packets whose send time was not later than an earlier packet's: a sender's retransmissions, or duplicates. */
    long resent() {
        return resent;
    }

    double jitterMillis() {
        return jitter / clockRate * 1000;
    }
}
