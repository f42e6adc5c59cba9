package dev.parley.media.bwe;

import dev.parley.media.rtcp.TransportCcFeedback;

/**
 * One subscriber's send-side bandwidth estimate (draft-ietf-rmcat-gcc-02 over transport-cc feedback, as libwebrtc's
 * goog_cc does it). The sender notes each packet it numbers with a transport-wide sequence number ({@link #sent});
 * each feedback ({@link #onFeedback}) matches the receiver's arrival times to the send times and feeds
 * <ul>
 *   <li>the delay-based controller: {@link PacketGroups} → {@link TrendlineFilter} → {@link OveruseDetector} →
 *       {@link AimdRateControl}, bounded by the {@link AckedBitrate acknowledged rate};</li>
 *   <li>the {@link LossBasedControl loss-based controller};</li>
 *   <li>the {@link ProbeClusters probe measurement}, whose results raise both.</li>
 * </ul>
 * The estimate is the lower of the two controllers, under the receiver's REMB when it sends one, within the
 * settings' bounds. {@link #probeBurst} says at each tick how much padding to send to probe above it.
 *
 * <p>Confined to the room's thread; allocates nothing after construction.
 */
public final class SendSideEstimator {

    /** Loss below which a delay-based estimate alone is not taken as a path too narrow for video (2 %: GCC's). */
    private static final double DELAY_ALONE_MAX_LOSS = 0.02;
    private static final double RTT_SMOOTHING = 0.125;
    /** How long a probe's result stands for what the path delivers, when overuse asks. */
    private static final long PROBE_RESULT_VALIDITY_NANOS = 1_000_000_000;
    /** The span of transport-cc arrival times: a 24-bit reference time in 64 ms units wraps after it. */
    private static final long ARRIVAL_RANGE_MICROS = (1L << 24) * 64_000;
    /** Sending with no feedback for this long means the feedback, or the path, is gone (libwebrtc's timeout). */
    private static final long FEEDBACK_TIMEOUT_NANOS = 1_000_000_000;
    /**
     * A packet feedback reported missing is counted lost only if no feedback reports it received within this: on a
     * jittery path packets arrive out of order, and one reported missing often comes in the next feedback.
     */
    public static final long REORDER_WINDOW_NANOS = 250_000_000;
    /** Packets reported missing and not yet settled, at most; more settle the oldest at once. */
    private static final int MAX_PENDING = 1024;

    private final BandwidthSettings settings;
    private final SendHistory history = new SendHistory();
    private final OveruseDetector detector = new OveruseDetector();
    private final PacketGroups groups = new PacketGroups(new TrendlineFilter(detector));
    private final AckedBitrate acked = new AckedBitrate();
    private final AimdRateControl delayBased;
    private final LossBasedControl lossBased;
    private final ProbeClusters clusters = new ProbeClusters();
    private final ProbeController probes;
    /** Packets reported missing, oldest first (a ring): sequence numbers and when. */
    private final int[] pendingSequence = new int[MAX_PENDING];
    private final long[] pendingSince = new long[MAX_PENDING];
    private int pendingHead;
    private int pendingCount;
    private boolean hadFeedback;
    private long remb;
    private long rttNanos;
    private long packetsReportedLost;
    private long probeResult;
    private long probeResultNanos;
    private long lastFeedbackNanos;
    private long lastSentNanos;
    /** The last feedback, or the last decrease for want of it since. */
    private long lastTimeoutNanos;
    /** Added to arrival times since the receiver's reference time wrapped; the last arrival time unwrapped. */
    private long arrivalOffsetMicros;
    private long lastArrivalMicros = Long.MIN_VALUE;

    public SendSideEstimator(BandwidthSettings settings) {
        this.settings = settings;
        this.delayBased = new AimdRateControl(settings.startBitrate(), settings.minBitrate(), settings.maxBitrate());
        this.lossBased = new LossBasedControl(settings.startBitrate(), settings.minBitrate(), settings.maxBitrate());
        this.probes = new ProbeController(settings);
    }

    /** Notes a packet of {@code size} bytes sent now with transport-wide sequence number {@code sequenceNumber}. */
    public void sent(int sequenceNumber, int size, long nowNanos) {
        int cluster = probes.sendingCluster();
        lastSentNanos = nowNanos;
        history.add(sequenceNumber, size, nowNanos, cluster);
        if (cluster != SendHistory.NO_CLUSTER) {
            clusters.sent(cluster, size, nowNanos);
        }
    }

    /**
     * The receiver's transport-cc feedback (a wrapped view), received now. Feedback about none of the packets this
     * estimator sent (a stale or garbled one) changes nothing.
     */
    public void onFeedback(TransportCcFeedback feedback, long nowNanos) {
        int base = feedback.baseSequenceNumber();
        long latestSend = Long.MIN_VALUE;
        boolean known = false;
        for (int i = 0; i < feedback.packetStatusCount(); i++) {
            int slot = history.slot((base + i) & 0xFFFF);
            if (slot < 0) {
                continue;
            }
            known = true;
            if (!feedback.received(i)) {
                if (history.markMissing(slot)) {
                    if (pendingCount == MAX_PENDING) {
                        settleOldest();
                    }
                    int at = (pendingHead + pendingCount++) % MAX_PENDING;
                    pendingSequence[at] = (base + i) & 0xFFFF;
                    pendingSince[at] = nowNanos;
                }
                continue;
            }
            if (!history.markReported(slot)) {
                continue;
            }
            long arrival = unwrap(feedback.arrivalTimeMicros(i));
            long send = history.sendNanos(slot);
            int size = history.size(slot);
            lossBased.received();
            acked.add(arrival, size);
            groups.add(send, arrival);
            if (history.cluster(slot) != SendHistory.NO_CLUSTER) {
                clusters.received(history.cluster(slot), size, arrival);
            }
            latestSend = Math.max(latestSend, send);
        }
        if (latestSend != Long.MIN_VALUE) {
            // Feedback's own delay (its interval) included: what the sender waits for an answer.
            long sample = Math.max(0, nowNanos - latestSend);
            rttNanos = rttNanos == 0 ? sample : rttNanos + (long) (RTT_SMOOTHING * (sample - rttNanos));
        }
        while (pendingCount > 0 && nowNanos - pendingSince[pendingHead] >= REORDER_WINDOW_NANOS) {
            settleOldest();
        }
        if (!known) {
            return;
        }
        hadFeedback = true;
        lastFeedbackNanos = nowNanos;
        lastTimeoutNanos = nowNanos;
        int awaited = probes.awaitedCluster();
        long measured = awaited < 0 ? -1 : clusters.result(awaited);
        if (measured > 0) {
            // Not above the rate the cluster was meant to go at (a probe shows no more than it sent), nor above what
            // the path delivered when it last lost heavily (LossBasedControl): a probe shorter than a shaper's burst
            // reads the burst's line rate.
            measured = Math.min(Math.min(measured, probes.clusterRate()), lossBased.probeCeiling(nowNanos));
            probes.onResult(measured);
            probeResult = measured;
            probeResultNanos = nowNanos;
        }
        BandwidthUsage usage = detector.takeState();
        // What the path delivered lately: a probe shows it better than media that fills only part of it, and a probe
        // sent faster than the path carries builds the very queue that signals overuse.
        long delivered = acked.bitrate();
        if (probeResult > 0 && nowNanos - probeResultNanos < PROBE_RESULT_VALIDITY_NANOS) {
            delivered = Math.max(delivered, probeResult);
        }
        delayBased.update(usage, delivered, rttNanos, nowNanos);
        if (measured > 0 && usage != BandwidthUsage.OVERUSING) {
            delayBased.raiseTo(measured);
            lossBased.raiseTo(measured);
        }
        lossBased.update(combined(), acked.bitrate(), rttNanos, nowNanos);
    }

    /** The oldest packet reported missing: lost, unless a feedback reported it received since. */
    private void settleOldest() {
        int slot = history.slot(pendingSequence[pendingHead]);
        if (slot >= 0 && history.missing(slot)) {
            lossBased.lost();
            packetsReportedLost++;
        }
        pendingHead = (pendingHead + 1) % MAX_PENDING;
        pendingCount--;
    }

    /**
     * Arrival times on one continuous scale: the receiver's reference time (signed, 24 bits of 64 ms) wraps every
     * 12.4 days of its clock, which may be during a call; a jump back by more than half the range is that wrap.
     */
    private long unwrap(long arrivalMicros) {
        long arrival = arrivalMicros + arrivalOffsetMicros;
        if (lastArrivalMicros != Long.MIN_VALUE && arrival < lastArrivalMicros - ARRIVAL_RANGE_MICROS / 2) {
            arrivalOffsetMicros += ARRIVAL_RANGE_MICROS;
            arrival += ARRIVAL_RANGE_MICROS;
        } else if (lastArrivalMicros != Long.MIN_VALUE && arrival > lastArrivalMicros + ARRIVAL_RANGE_MICROS / 2) {
            arrival -= ARRIVAL_RANGE_MICROS; // a late packet from before the wrap
            return arrival;
        }
        lastArrivalMicros = Math.max(lastArrivalMicros, arrival);
        return arrival;
    }

    /**
     * The room's timer: while packets go out and no feedback has come back for {@value #FEEDBACK_TIMEOUT_NANOS} ns
     * (a path that lost everything sends none), the estimate drops by a fifth each time, as libwebrtc's does.
     */
    public void tick(long nowNanos) {
        if (hadFeedback && lastSentNanos - lastFeedbackNanos > 0
                && nowNanos - lastTimeoutNanos > FEEDBACK_TIMEOUT_NANOS) {
            lastTimeoutNanos = nowNanos;
            lossBased.feedbackTimedOut(combined());
        }
    }

    /** The receiver's REMB (draft-alvestrand-rmcat-remb): its own estimate, an upper bound of this one. */
    public void onRemb(long bitrate) {
        remb = bitrate;
    }

    /**
     * The estimate in bits per second: 0 before any feedback; the REMB when the receiver sends no transport-cc
     * feedback; else the send-side estimate under the REMB.
     */
    public long estimate() {
        if (!hadFeedback) {
            return remb;
        }
        return combined();
    }

    private long combined() {
        long estimate = Math.min(delayBased.bitrate(), lossBased.bitrate());
        if (remb > 0) {
            estimate = Math.min(estimate, remb);
        }
        return Math.clamp(estimate, settings.minBitrate(), settings.maxBitrate());
    }

    /**
     * Whether only the delay-based controller holds the estimate down, on a path that loses (almost) nothing: what
     * heavy jitter looks like as well as a queue that has not overflowed yet. A path too narrow for any video fills its
     * queue and loses packets; a receiver that says so sends a REMB. So an SFU pauses video on a lower estimate only
     * when this is false.
     */
    public boolean heldByDelayAlone() {
        if (!hadFeedback) {
            return false;
        }
        long delay = delayBased.bitrate();
        return delay < lossBased.bitrate() && (remb <= 0 || delay < remb)
                && lossBased.lossFraction() < DELAY_ALONE_MAX_LOSS;
    }

    /** The fraction of packets the feedback reported lost over the loss controller's last interval, 0 to 1. */
    public double lossFraction() {
        return lossBased.lossFraction();
    }

    /** Packets the receiver's feedback reported lost, since the start. */
    public long packetsReportedLost() {
        return packetsReportedLost;
    }

    /** The smoothed time from sending a packet to its feedback, 0 before any. */
    public long feedbackDelayNanos() {
        return rttNanos;
    }

    /**
     * At a tick of {@code tickNanos}: the bytes of padding to send now to probe the path (0 for none), toward a
     * receiver that wants {@code desired} bits per second (0: unknown, probe up to the maximum) and is sent
     * {@code mediaBitrate} of media. The packets {@link #sent} until {@link #probeBurstSent} belong to the probe.
     */
    public long probeBurst(long desired, long mediaBitrate, long tickNanos, long nowNanos) {
        if (!hadFeedback) {
            return 0; // transport-cc not flowing yet (or not negotiated): nothing would measure the probe
        }
        return probes.burst(combined(), desired, mediaBitrate, tickNanos, nowNanos, clusters);
    }

    /** Ends the current probe burst: packets sent from now on are media. */
    public void probeBurstSent() {
        probes.burstSent();
    }
}
