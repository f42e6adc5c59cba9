package dev.parley.media.forward;

/**
 * A room's packet counters, for metrics and tests. Written on the room's thread only; another thread that reads
 * them sees recent values, not a consistent snapshot (read them on the room's thread when that matters).
 */
public final class ForwardingCounters {

    private final long[] drops = new long[DropReason.values().length];
    long rtpReceived;
    long rtpBytesReceived;
    long rtcpReceived;
    long rtpSent;
    long rtpBytesSent;
    long rtcpSent;
    long retransmissionsSent;
    long retransmissionsTooSoon;
    long retransmissionsOverBudget;
    long nacksReceived;
    long nackedPacketsMissingFromCache;
    long nackedPacketsRequested;
    long keyframeRequestsReceived;
    long keyframeRequestsSent;
    long transportCcFeedbackSent;
    long payloadTypeNotNegotiated;
    long outboundTooLarge;
    long probePacketsSent;
    long layerTrialsStarted;
    long layerTrialsPassed;

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    /** Padding-only packets sent to probe subscribers' downlinks (see {@link DownlinkEstimator}). */
    public long probePacketsSent() {
        return probePacketsSent;
    }

    /** Steps up to a higher simulcast layer tried on a padded downlink first (see {@link Endpoint#chooseLayers}). */
    public long layerTrialsStarted() {
        return layerTrialsStarted;
    }

    /** Of those, the ones whose downlink carried the padding, so the step up was made. */
    public long layerTrialsPassed() {
        return layerTrialsPassed;
    }

    /** Inbound packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** RTP packets received from transports, dropped or not. */
    public long rtpReceived() {
        return rtpReceived;
    }

    public long rtpBytesReceived() {
        return rtpBytesReceived;
    }

    /** Compound RTCP packets received from transports. */
    public long rtcpReceived() {
        return rtcpReceived;
    }

    /** RTP packets handed to sinks, retransmissions included. */
    public long rtpSent() {
        return rtpSent;
    }

    public long rtpBytesSent() {
        return rtpBytesSent;
    }

    /** RTCP packets (compound or not) handed to sinks. */
    public long rtcpSent() {
        return rtcpSent;
    }

    /** Packets retransmitted to subscribers from the cache, plain or as RTX. */
    public long retransmissionsSent() {
        return retransmissionsSent;
    }

    /** NACKed packets not resent because they were resent less than a round trip before. */
    public long retransmissionsTooSoon() {
        return retransmissionsTooSoon;
    }

    /** NACKed packets not resent because retransmissions had taken their share of the downlink. */
    public long retransmissionsOverBudget() {
        return retransmissionsOverBudget;
    }

    /** Generic NACK messages received from subscribers. */
    public long nacksReceived() {
        return nacksReceived;
    }

    /** Packets subscribers NACKed that the cache lacked, hence asked of the publisher. */
    public long nackedPacketsMissingFromCache() {
        return nackedPacketsMissingFromCache;
    }

    /** Packets the pipeline NACKed to publishers for gaps it saw itself, retries included. */
    public long nackedPacketsRequested() {
        return nackedPacketsRequested;
    }

    /** PLIs and FIRs received from subscribers. */
    public long keyframeRequestsReceived() {
        return keyframeRequestsReceived;
    }

    /** PLIs and FIRs sent to publishers. */
    public long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    public long transportCcFeedbackSent() {
        return transportCcFeedbackSent;
    }

    /** Packets not forwarded to a subscriber that did not negotiate their payload type. */
    public long payloadTypeNotNegotiated() {
        return payloadTypeNotNegotiated;
    }

    /** Packets not forwarded because the subscriber's header extensions would make them too long. */
    public long outboundTooLarge() {
        return outboundTooLarge;
    }
}
