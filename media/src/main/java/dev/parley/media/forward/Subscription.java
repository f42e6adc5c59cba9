package dev.parley.media.forward;

import dev.parley.media.rtcp.Bye;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.SourceDescription;
import dev.parley.media.rtp.RtpPacket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One subscriber endpoint receiving one publisher stream in its own SSRC, sequence number, timestamp and payload
 * type space ({@link SequenceRewriter}). A video subscription starts, resumes and switches publisher on a
 * keyframe only, asking the publisher for one each time; until then it sends nothing.
 *
 * <p>Confined to the room's thread: the conference layer calls {@link #pause}, {@link #resume},
 * {@link #switchSource} and {@link #close} there too.
 */
public final class Subscription {

    private enum State { WAITING_FOR_KEYFRAME, FORWARDING, PAUSED, CLOSED }

    private final Endpoint endpoint;
    private final RoomContext room;
    private final SubscriptionConfig config;
    private final int[] payloadTypes = new int[128];
    private final int[] rtxPayloadTypes = new int[128];
    private final byte[] mid;
    private final byte[] cname;
    private final SequenceRewriter rewriter;
    private final MediaKind kind;
    private final int rtxSsrc;
    private final boolean hasRtx;
    private PublisherStream source;
    private State state = State.WAITING_FOR_KEYFRAME;
    private int rtxSequenceNumber;
    /** The subscriber's payload type and timestamp of the latest media packet sent, for padding; -1 before one. */
    private int lastPayloadType = -1;
    private int lastTimestamp;
    private long packetsSent;
    private long octetsSent;
    private int reportedFractionLost;
    private int reportedCumulativeLost;
    private long reportedJitter;

    Subscription(Endpoint endpoint, RoomContext room, PublisherStream source, SubscriptionConfig config) {
        this.endpoint = endpoint;
        this.room = room;
        this.config = config;
        this.source = source;
        this.kind = source.kind();
        this.hasRtx = config.rtxSsrc().isPresent();
        this.rtxSsrc = config.rtxSsrc().orElse(0);
        Arrays.fill(payloadTypes, -1);
        Arrays.fill(rtxPayloadTypes, -1);
        config.payloadTypes().forEach((from, to) -> payloadTypes[from] = to);
        config.rtxPayloadTypes().forEach((media, rtx) -> rtxPayloadTypes[media] = rtx);
        this.mid = config.mid().getBytes(StandardCharsets.US_ASCII);
        this.cname = config.cname().getBytes(StandardCharsets.UTF_8);
        this.rewriter = new SequenceRewriter(room.random.nextInt(), room.random.nextInt());
        this.rtxSequenceNumber = room.random.nextInt(1 << 16);
    }

    public SubscriptionConfig config() {
        return config;
    }

    /** The subscriber's endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The publisher stream feeding this subscription; null once that stream was closed. */
    public PublisherStream source() {
        return source;
    }

    /** Whether packets are reaching the subscriber (not paused, not waiting for a keyframe). */
    public boolean isForwarding() {
        return state == State.FORWARDING;
    }

    public boolean isPaused() {
        return state == State.PAUSED;
    }

    /** Packets sent to the subscriber in this SSRC, retransmissions as plain packets included. */
    public long packetsSent() {
        return packetsSent;
    }

    /** Payload bytes sent in this SSRC, as a sender report counts them (RFC 3550 §6.4.1). */
    public long octetsSent() {
        return octetsSent;
    }

    /** From the subscriber's latest report block about this SSRC: loss fraction in 1/256. */
    public int reportedFractionLost() {
        return reportedFractionLost;
    }

    public int reportedCumulativeLost() {
        return reportedCumulativeLost;
    }

    /** From the subscriber's latest report block: interarrival jitter in timestamp units. */
    public long reportedJitter() {
        return reportedJitter;
    }

    /** Stops sending until {@link #resume}; the subscriber's stream simply goes quiet. */
    public void pause() {
        if (state != State.CLOSED) {
            state = State.PAUSED;
        }
    }

    /** The endpoint's transport came up: a subscription waiting to start asks for its keyframe now. */
    void transportReady() {
        if (state == State.WAITING_FOR_KEYFRAME && source != null) {
            source.requestKeyframe(room.now);
        }
    }

    /** Sends again from the publisher's next keyframe (asked for now), continuing the subscriber's numbering. */
    public void resume() {
        if (state == State.PAUSED) {
            state = State.WAITING_FOR_KEYFRAME;
            if (source != null) {
                source.requestKeyframe(room.now);
            }
        }
    }

    /**
     * Feeds this subscription from another publisher stream of the same kind (a switch of speaker, for example);
     * the subscriber keeps its SSRC and sees the new stream continue its numbering from the next keyframe.
     */
    public void switchSource(PublisherStream next) {
        if (state == State.CLOSED || next.isClosed() || next.kind() != kind) {
            throw new IllegalStateException("a subscription switches between open streams of one kind");
        }
        if (source != null) {
            source.removeSubscription(this);
        }
        source = next;
        next.addSubscription(this);
        if (state != State.PAUSED) {
            state = State.WAITING_FOR_KEYFRAME;
            next.requestKeyframe(room.now);
        }
    }

    /** Ends the subscription and tells the subscriber with an RTCP BYE for its SSRC (RFC 3550 §6.6). */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (source != null) {
            source.removeSubscription(this);
        }
        endpoint.removeSubscription(this);
        endpoint.sendRtcp(Bye.write(room.rtcpBuffer, 0, config.ssrc()));
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Called when the source stream closes: the subscription waits for {@link #switchSource} or {@link #close}. */
    void sourceClosed() {
        source = null;
        if (state == State.FORWARDING) {
            state = State.WAITING_FOR_KEYFRAME;
        }
    }

    /** Whether this subscription waits for its source's next keyframe, which its transport could carry now. */
    boolean waitsForKeyframe() {
        return state == State.WAITING_FOR_KEYFRAME && endpoint.isTransportReady();
    }

    /** The per-subscriber send path of a publisher's packet: keyframe gate, numbering, payload type, send. */
    void forward(InboundRtp packet) {
        RtpPacket rtp = packet.rtp;
        if (state == State.WAITING_FOR_KEYFRAME) {
            // A keyframe sent before the subscriber's transport is up never reaches it: start with one after.
            if (!packet.keyframeStart || !endpoint.isTransportReady()) {
                return;
            }
            rewriter.startSegment(rtp.sequenceNumber(), packet.extendedSequenceNumber, rtp.timestamp(),
                    source.clockRate(rtp.payloadType()), packet.arrivalNanos);
            state = State.FORWARDING;
        }
        if (state != State.FORWARDING || !rewriter.inSegment(packet.extendedSequenceNumber)) {
            return;
        }
        send(rtp, rewriter.sequenceNumber(rtp.sequenceNumber()), packet.arrivalNanos);
    }

    /**
     * Answers the subscriber's NACK for one of its sequence numbers from the source's cache: as RTX when the
     * subscriber negotiated it, else as the same packet again. Returns the publisher's sequence number when the
     * cache lacks the packet (for the caller to ask the publisher), or -1 when answered or not answerable.
     */
    int retransmit(int subscriberSequenceNumber, RtpPacket view, long nowNanos) {
        int publisherSequenceNumber = state == State.CLOSED || source == null ? -1
                : rewriter.publisherSequenceNumber(subscriberSequenceNumber);
        if (publisherSequenceNumber < 0) {
            return -1;
        }
        if (!source.cache().find(publisherSequenceNumber, nowNanos, view)) {
            return publisherSequenceNumber;
        }
        int payloadType = payloadTypes[view.payloadType()];
        if (payloadType >= 0 && hasRtx && rtxPayloadTypes[payloadType] >= 0) {
            sendRtx(view, subscriberSequenceNumber, rtxPayloadTypes[payloadType], nowNanos);
        } else {
            send(view, subscriberSequenceNumber, nowNanos);
        }
        room.counters.retransmissionsSent++;
        return -1;
    }

    private void send(RtpPacket rtp, int sequenceNumber, long nowNanos) {
        int payloadType = payloadTypes[rtp.payloadType()];
        if (payloadType < 0) {
            room.counters.payloadTypeNotNegotiated++;
            return;
        }
        int timestamp = rewriter.timestamp(rtp.timestamp());
        if (endpoint.sendRtp(rtp, source.endpoint().inboundExtensions(), mid, config.ssrc(), sequenceNumber,
                timestamp, payloadType, -1, nowNanos)) {
            rewriter.sent(sequenceNumber, timestamp, nowNanos);
            lastPayloadType = payloadType;
            lastTimestamp = timestamp;
            packetsSent++;
            octetsSent += rtp.payloadLength();
        }
    }

    private void sendRtx(RtpPacket rtp, int originalSequenceNumber, int rtxPayloadType, long nowNanos) {
        int sequenceNumber = rtxSequenceNumber;
        if (endpoint.sendRtp(rtp, source.endpoint().inboundExtensions(), mid, rtxSsrc,
                sequenceNumber, rewriter.timestamp(rtp.timestamp()), rtxPayloadType, originalSequenceNumber,
                nowNanos)) {
            rtxSequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
    }

    /** Whether {@link #sendPadding} can send now: forwarding, with RTX negotiated for the media's payload type. */
    boolean canSendPadding() {
        return state == State.FORWARDING && hasRtx && lastPayloadType >= 0 && rtxPayloadTypes[lastPayloadType] >= 0;
    }

    /**
     * Sends {@code padding} (a packet of padding only) on the subscriber's RTX stream, as libwebrtc's probes are:
     * without an original sequence number, with the latest media timestamp (RFC 4588 §4, RFC 3550 §5.1). The
     * receiver discards it; its transport-wide sequence number tells the estimator when it arrived.
     */
    boolean sendPadding(RtpPacket padding, long nowNanos) {
        if (!canSendPadding() || !endpoint.sendRtp(padding, ExtensionMap.NONE, mid, rtxSsrc, rtxSequenceNumber,
                lastTimestamp, rtxPayloadTypes[lastPayloadType], -1, nowNanos)) {
            return false;
        }
        rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
        return true;
    }

    /**
     * Sends the subscriber a sender report for this SSRC translated from the publisher's (RFC 3550 §6.4.1): the
     * publisher's NTP time with the RTP timestamp moved into the subscriber's space, so that audio and video of
     * one publisher stay in sync; with an SDES CNAME when one was configured.
     */
    void relaySenderReport(long ntpTimestamp, int publisherRtpTimestamp) {
        if (state != State.FORWARDING) {
            return;
        }
        byte[] buf = room.rtcpBuffer;
        int length = SenderReport.write(buf, 0, config.ssrc(), ntpTimestamp, rewriter.timestamp(publisherRtpTimestamp),
                packetsSent, octetsSent);
        if (cname.length > 0) {
            length += SourceDescription.writeCname(buf, length, config.ssrc(), cname);
        }
        endpoint.sendRtcp(length);
    }

    /** Notes the subscriber's report block about this SSRC. */
    void onReportBlock(int fractionLost, int cumulativeLost, long jitter) {
        reportedFractionLost = fractionLost;
        reportedCumulativeLost = cumulativeLost;
        reportedJitter = jitter;
    }

    boolean hasSsrc(int ssrc) {
        return ssrc == config.ssrc() || (hasRtx && ssrc == rtxSsrc);
    }
}
