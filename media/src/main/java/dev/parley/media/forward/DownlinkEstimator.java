package dev.parley.media.forward;

import dev.parley.media.bwe.SendSideEstimator;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.TransportCcFeedback;
import dev.parley.media.rtp.RtpPacket;

/**
 * The endpoint's downlink: a send-side bandwidth estimate ({@link SendSideEstimator}, GCC over the subscriber's
 * transport-cc feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01) under the subscriber's REMB
 * (draft-alvestrand-rmcat-remb) when it sends one, and probing: at ticks when the estimator asks, bursts of
 * padding-only packets (RFC 3550 §5.1 padding; what libwebrtc probes with) on one of the endpoint's forwarding video
 * subscriptions, so that the estimate can grow beyond what media fills: on its RTX stream (RFC 4588 §4) when it
 * negotiated RTX, else on its media stream between two frames, numbered in line with the media
 * ({@link Subscription#sendPadding}).
 *
 * <p>Also measures what media the endpoint was sent over the last second, for slow link reports.
 */
final class DownlinkEstimator extends EndpointStep {

    /** Padding bytes per probe packet: the most the RTP padding count (one byte) can say. */
    static final int PADDING = 255;
    /** Probe packets per burst at most (a cluster is {@code 3} bursts): bounds what one tick sends. */
    static final int MAX_PROBE_PACKETS_PER_BURST = 64;
    private static final long RATE_WINDOW_NANOS = 1_000_000_000;
    /** How long after its first packet a subscriber's first transport-cc feedback is waited for. */
    static final long FIRST_FEEDBACK_WAIT_NANOS = 2_000_000_000L;
    /** An RTP packet of padding only, the source every probe packet is written from. */
    private static final byte[] PADDING_PACKET = RtpPacket.paddingOnly(PADDING);

    private final Endpoint endpoint;
    private final RoomContext context;
    private final SendSideEstimator estimator;
    private final long tickNanos;
    private final Remb remb = new Remb();
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private final RtpPacket padding = new RtpPacket();
    private boolean probing;
    private long mediaBytes;
    private long windowStart = Long.MIN_VALUE;
    private long sentBitrate;
    private long firstSentNanos = Long.MIN_VALUE;
    /** Padding bytes a layer trial is owed (negative: sent ahead); see {@link Endpoint#trialBitrate}. */
    private long trialCredit;

    DownlinkEstimator(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
        this.estimator = new SendSideEstimator(context.settings.bandwidth());
        this.tickNanos = context.settings.tickInterval().toNanos();
        padding.wrap(PADDING_PACKET, 0, PADDING_PACKET.length);
    }

    /**
     * Notes a packet sent to the subscriber with transport-wide sequence number {@code sequenceNumber}, or -1 when
     * the subscriber did not negotiate transport-cc.
     */
    void sent(int sequenceNumber, int length, long nowNanos) {
        if (sequenceNumber >= 0) {
            if (firstSentNanos == Long.MIN_VALUE) {
                firstSentNanos = nowNanos;
            }
            estimator.sent(sequenceNumber, length, nowNanos);
        }
        if (!probing) {
            mediaBytes += length;
        }
    }

    /** See {@link SendSideEstimator#estimate()}; bits per second, 0 before any feedback. */
    long estimate() {
        return estimator.estimate();
    }

    /**
     * The downlink's share out for the layer choice, bits per second (0: nothing limits): the estimate; before the
     * first feedback of a subscriber that negotiated transport-cc, the start bitrate, as a sender of its own starts
     * at (libwebrtc's 300 kbit/s) until feedback tells more ({@link #startingUp}). Starting with the best layer
     * instead would send a large keyframe into a link that may be far narrower, only to drop it at the first
     * feedback; on a wide link, the start-up probe raises the estimate within a round trip or two.
     */
    long layerBudget(long nowNanos) {
        return startingUp(nowNanos) ? context.settings.bandwidth().startBitrate() : estimator.estimate();
    }

    /**
     * Whether the subscriber negotiated transport-cc and its first feedback is still awaited: from its first packet
     * for up to {@value #FIRST_FEEDBACK_WAIT_NANOS} ns, after which a subscriber that sends none is not held to a
     * guess.
     */
    boolean startingUp(long nowNanos) {
        return endpoint.negotiatedTransportCc() && estimator.estimate() == 0
                && (firstSentNanos == Long.MIN_VALUE || nowNanos - firstSentNanos < FIRST_FEEDBACK_WAIT_NANOS);
    }

    /** See {@link SendSideEstimator#heldByDelayAlone()}. */
    boolean heldByDelayAlone() {
        return estimator.heldByDelayAlone();
    }

    long feedbackDelayNanos() {
        return estimator.feedbackDelayNanos();
    }

    double lossFraction() {
        return estimator.lossFraction();
    }

    long packetsReportedLost() {
        return estimator.packetsReportedLost();
    }

    /** Media (not probes) sent over the last complete second, bits per second. */
    long sentBitrate() {
        return sentBitrate;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() == RtcpHeader.PSFB && packet.countOrFormat() == RtcpFeedback.FMT_AFB) {
            // Other application layer feedback than REMB is legal and ignored.
            if (remb.wrap(packet.buffer(), packet.offset(), packet.length())) {
                estimator.onRemb(remb.bitrate());
            }
        } else if (packet.packetType() == RtcpHeader.RTPFB
                && packet.countOrFormat() == RtcpFeedback.FMT_TRANSPORT_CC) {
            if (!feedback.wrap(packet.buffer(), packet.offset(), packet.length())) {
                context.counters.drop(DropReason.MALFORMED_RTCP);
                return;
            }
            estimator.onFeedback(feedback, packet.arrivalNanos);
        }
    }

    @Override
    void onTick(long nowNanos) {
        estimator.tick(nowNanos);
        if (windowStart == Long.MIN_VALUE) {
            windowStart = nowNanos;
        } else if (nowNanos - windowStart >= RATE_WINDOW_NANOS) {
            sentBitrate = mediaBytes * 8 * 1_000_000_000 / (nowNanos - windowStart);
            mediaBytes = 0;
            windowStart = nowNanos;
        }
        if (!context.settings.bandwidth().probing()) {
            return;
        }
        Subscription carrier = endpoint.paddingCarrier();
        if (carrier == null) {
            return;
        }
        long bytes = estimator.probeBurst(endpoint.desiredDownlinkBitrate(), sentBitrate, tickNanos, nowNanos);
        if (bytes > 0) {
            pad(carrier, bytes, nowNanos);
            estimator.probeBurstSent();
            trialCredit = 0;
        } else if (endpoint.trialBitrate() > 0
                && estimator.estimate() >= sentBitrate + endpoint.trialBitrate()) {
            // A step up on trial: padding at what it will add, as the packets of the media it will send would go
            // (not a probe cluster: the estimator takes them as it takes media). What a packet carries beyond a
            // tick's share is owed by the next ticks, so the rate holds at any tick length. The padding stops as soon
            // as the estimate no longer has room for the step (the queue it built showed, or loss), not at the
            // layer choice's next turn: the trial has failed, and more would only cost media.
            trialCredit += endpoint.trialBitrate() * tickNanos / 8_000_000_000L;
            trialCredit -= pad(carrier, trialCredit, nowNanos);
        } else {
            trialCredit = 0;
        }
    }

    /** Sends about {@code bytes} of padding on {@code carrier}, at most a burst's packets; returns the bytes sent. */
    private long pad(Subscription carrier, long bytes, long nowNanos) {
        probing = true;
        long sent = 0;
        for (int i = 0; i < MAX_PROBE_PACKETS_PER_BURST && sent < bytes; i++) {
            if (!carrier.sendPadding(padding, nowNanos)) {
                break;
            }
            context.counters.probePacketsSent++;
            sent += PADDING;
        }
        probing = false;
        return sent;
    }
}
