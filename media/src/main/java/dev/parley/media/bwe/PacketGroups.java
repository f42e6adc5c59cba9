package dev.parley.media.bwe;

/**
 * Cuts acknowledged packets, in send order, into groups sent within {@value #BURST_NANOS} ns of the group's first
 * (a frame's packets, or a pacer's burst), and hands the trendline filter the delay variation between consecutive
 * groups: the difference of their arrival times minus the difference of their send times, each group taken at its
 * last packet (draft-ietf-rmcat-gcc-02 §5.2). A group arriving as a burst (its packets within 5 ms of each other while
 * queued) belongs to the one before, as libwebrtc does, since a burst says nothing about the trend. A group that
 * arrived before the one sent ahead of it (reordered on the path, as heavy jitter does) gives no delta either, and
 * {@value #REORDERED_RESET} such in a row start the grouping afresh, as libwebrtc's inter-arrival does: reordering
 * is no queue building up, and its deltas read as one.
 */
final class PacketGroups {

    static final long BURST_NANOS = 5_000_000;
    private static final long BURST_ARRIVAL_MICROS = 5_000;
    static final int REORDERED_RESET = 3;

    private final TrendlineFilter trendline;
    private boolean started;
    private long firstSendNanos;
    private long lastSendNanos;
    private long firstArrivalMicros;
    private long lastArrivalMicros;
    private boolean hasPrevious;
    private long previousSendNanos;
    private long previousArrivalMicros;
    private int reordered;

    PacketGroups(TrendlineFilter trendline) {
        this.trendline = trendline;
    }

    /** One packet the receiver reported, in send order; {@code arrivalMicros} on the receiver's clock. */
    void add(long sendNanos, long arrivalMicros) {
        if (!started) {
            start(sendNanos, arrivalMicros);
            return;
        }
        if (sendNanos < firstSendNanos) {
            return; // sent before the current group (reported late): nothing to learn about the trend
        }
        if (sendNanos - firstSendNanos > BURST_NANOS && !isBurst(sendNanos, arrivalMicros)) {
            if (hasPrevious) {
                long sendDelta = lastSendNanos - previousSendNanos;
                long arrivalDelta = lastArrivalMicros - previousArrivalMicros;
                if (arrivalDelta < 0) {
                    if (++reordered >= REORDERED_RESET) {
                        started = false;
                        hasPrevious = false;
                        reordered = 0;
                    }
                    return;
                }
                reordered = 0;
                trendline.update(arrivalDelta / 1000.0, sendDelta / 1_000_000.0, lastArrivalMicros / 1000.0);
            }
            hasPrevious = true;
            previousSendNanos = lastSendNanos;
            previousArrivalMicros = lastArrivalMicros;
            start(sendNanos, arrivalMicros);
            return;
        }
        lastSendNanos = Math.max(lastSendNanos, sendNanos);
        lastArrivalMicros = Math.max(lastArrivalMicros, arrivalMicros);
    }

    /** A packet that arrived right behind the group, sooner than its send time says: queued together with it. */
    private boolean isBurst(long sendNanos, long arrivalMicros) {
        long arrivalDelta = arrivalMicros - lastArrivalMicros;
        long sendDeltaMicros = (sendNanos - lastSendNanos) / 1000;
        return arrivalDelta - sendDeltaMicros < 0 && arrivalDelta <= BURST_ARRIVAL_MICROS
                && arrivalMicros - firstArrivalMicros < 100_000;
    }

    private void start(long sendNanos, long arrivalMicros) {
        started = true;
        firstSendNanos = lastSendNanos = sendNanos;
        firstArrivalMicros = lastArrivalMicros = arrivalMicros;
    }
}
