package dev.parley.media.forward;

import dev.parley.media.rtcp.Bye;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.SourceDescription;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.Vp8PayloadDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One subscriber endpoint receiving one publisher stream in its own SSRC, sequence number, timestamp and payload
 * type space ({@link SequenceRewriter}). A video subscription starts, resumes and switches publisher on a
 * keyframe only, asking the publisher for one each time; until then it sends nothing.
 *
 * <p><b>Layers.</b> A subscription to a simulcast publisher is fed by one of its layers at a time: the highest the
 * subscriber asked for ({@link #setPreferredLayers}) that fits its share of its downlink, as
 * {@link Endpoint}'s layer choice decides ({@link #selectLayers}). A switch to another spatial layer waits for that
 * layer's keyframe (asked for) while the current one goes on; it opens a new segment of the subscriber's numbering,
 * and VP8 picture ids and TL0PICIDX continue across it too (RFC 7741 §4.2). Temporal layers above the chosen one
 * (VP8, VP9 TID, AV1 temporal_id) and the spatial layers of a scalable stream above the asked one (VP9 SID, AV1
 * spatial_id from the dependency descriptor) are left out without gaps in the numbering, the marker moved to the end
 * of the highest layer frame sent; asking for a higher spatial layer again asks the publisher for a keyframe. When
 * not even the lowest layer fits, the subscription is starved: it sends nothing until one fits again.
 *
 * <p>Confined to the room's thread: the conference layer calls {@link #pause}, {@link #resume},
 * {@link #switchSource} and {@link #close} there too.
 */
public final class Subscription {

    private enum State { WAITING_FOR_KEYFRAME, FORWARDING, PAUSED, CLOSED }

    private static final PublisherStream[] NO_LAYERS = {};
    /** A bandwidth-driven drop this soon after a step up means the step up failed. */
    static final long FAILED_UP_WINDOW_NANOS = 5_000_000_000L;
    /** How long the first failed step up keeps the subscription from trying again; each failure in a row doubles it. */
    static final long FIRST_BACKOFF_NANOS = 8_000_000_000L;
    static final long MAX_BACKOFF_NANOS = 64_000_000_000L;
    /** A failure this long after the previous backoff ended starts again from the first backoff. */
    private static final long BACKOFF_RESET_NANOS = 120_000_000_000L;
    /** Resends remembered per subscription, to answer a packet NACKed again within the round trip only once. */
    static final int RESENT_SLOTS = 512;
    /** A packet of padding only, the least there can be (one byte, its count): what a NACKed probe is sent as again. */
    private static final byte[] NACKED_PADDING = RtpPacket.paddingOnly(1);

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
    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    /** VP8 picture ids, continuous across layer switches and left-out temporal layers, 15 bits (M = 1) or 7. */
    private final GaplessNumbering longPictureIds = new GaplessNumbering(1 << 15);
    private final GaplessNumbering shortPictureIds = new GaplessNumbering(1 << 7);
    /** The subscriber sequence numbers last resent, and when, by sequence number modulo {@link #RESENT_SLOTS}. */
    private final int[] resentSequence = new int[RESENT_SLOTS];
    private final long[] resentNanos = new long[RESENT_SLOTS];
    /** The stream being forwarded (the layer of a simulcast source); null once closed. */
    private PublisherStream source;
    /** The layer to forward: {@link #source}, or another whose keyframe is awaited. */
    private PublisherStream target;
    private PublisherStream[] layers;
    private State state = State.WAITING_FOR_KEYFRAME;
    private boolean starved;
    /** Whether {@link #switchSource} has run: the subscriber no longer gets the dependency descriptor. */
    private boolean switched;
    private int preferredSpatial = MAX_LAYER;
    private int preferredTemporal = MAX_LAYER;
    private int temporalLayer = MAX_LAYER;
    /** The layer choice's latest pick: spatial × {@link LayerRates#TEMPORAL_LAYERS} + temporal, -1 starved. */
    private int level = -2;
    private int lowerPicks;
    /** When the level last went up, and from where; Long.MIN_VALUE once that step up is settled (held, or failed). */
    private long lastUpNanos = Long.MIN_VALUE;
    private int levelBeforeUp = -1;
    /** Until then, the downlink may not raise the level above {@link #blockedAbove} (a failed step up's backoff). */
    private long blockedUntilNanos = Long.MIN_VALUE;
    private int blockedAbove = -1;
    private long backoffNanos;
    /** The level the layer choice under way gives it, -1 starved ({@link Endpoint#chooseLayers}'s scratch). */
    int pick;
    /** The level a step up under trial would give it ({@link Endpoint#chooseLayers}), -1 before any trial. */
    int trialPick = -1;
    private int tl0Offset;
    private int lastTl0PicIdx = -1;
    private int lastPictureId = -1;
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
        this.target = source;
        this.layers = source.layerArray();
        this.kind = source.kind();
        this.hasRtx = config.rtxSsrc().isPresent();
        this.rtxSsrc = config.rtxSsrc().orElse(0);
        Arrays.fill(payloadTypes, -1);
        Arrays.fill(rtxPayloadTypes, -1);
        Arrays.fill(resentSequence, -1);
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

    /** The highest spatial or temporal layer: all of them. */
    public static final int MAX_LAYER = 2;

    /** The publisher stream (the simulcast layer) feeding this subscription; null once that stream was closed. */
    public PublisherStream source() {
        return source;
    }

    /** The layer this subscription switches to at its next keyframe, or {@link #source()} when none is pending. */
    public PublisherStream targetLayer() {
        return target;
    }

    /** The temporal layer forwarded now (0 the base; {@link #MAX_LAYER} all). */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** Whether the subscriber's downlink fits not even the lowest layer, so that nothing is sent. */
    public boolean isStarved() {
        return starved;
    }

    /**
     * The highest layers the subscriber wants (Janus {@code configure} with {@code substream} and {@code temporal},
     * 0 the lowest, {@link #MAX_LAYER} the highest); its downlink may give it less. Applied at once.
     */
    public void setPreferredLayers(int spatial, int temporal) {
        if (spatial < 0 || spatial > MAX_LAYER || temporal < 0 || temporal > MAX_LAYER) {
            throw new IllegalArgumentException("layers are 0.." + MAX_LAYER + ", got " + spatial + "/" + temporal);
        }
        int svcSpatialBefore = svcSpatialLayer();
        preferredSpatial = spatial;
        preferredTemporal = temporal;
        endpoint.chooseLayers();
        int svcSpatial = svcSpatialLayer();
        if (svcSpatial != svcSpatialBefore && state == State.FORWARDING) {
            reportLayers(); // the spatial cut applies from the next packet
            // A scalable stream's higher spatial layers predict from their own earlier frames, which this subscriber
            // did not get: they decode again from the publisher's next keyframe.
            if (svcSpatial > svcSpatialBefore) {
                source.requestKeyframe(room.now);
            }
        }
    }

    public int preferredSpatialLayer() {
        return preferredSpatial;
    }

    public int preferredTemporalLayer() {
        return preferredTemporal;
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
        if (state == State.WAITING_FOR_KEYFRAME && target != null && !starved) {
            target.requestKeyframe(room.now);
        }
    }

    /** Sends again from the publisher's next keyframe (asked for now), continuing the subscriber's numbering. */
    public void resume() {
        if (state == State.PAUSED) {
            state = State.WAITING_FOR_KEYFRAME;
            if (target != null && !starved) {
                target.requestKeyframe(room.now);
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
        leaveLayers();
        switched = true;
        source = next;
        target = next;
        layers = next.layerArray();
        level = -2;
        for (PublisherStream layer : layers) {
            layer.addSubscription(this);
        }
        if (state != State.PAUSED) {
            state = State.WAITING_FOR_KEYFRAME;
        }
        endpoint.chooseLayers();
        if (state == State.WAITING_FOR_KEYFRAME && !starved) {
            target.requestKeyframe(room.now);
        }
    }

    private void leaveLayers() {
        if (source != null) {
            for (PublisherStream layer : layers) {
                layer.removeSubscription(this);
            }
        }
    }

    /** Ends the subscription and tells the subscriber with an RTCP BYE for its SSRC (RFC 3550 §6.6). */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        leaveLayers();
        endpoint.removeSubscription(this);
        endpoint.sendRtcp(Bye.write(room.rtcpBuffer, 0, config.ssrc()));
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Called when a stream of the source closes (a simulcast source's layers close together): the subscription
     * waits for {@link #switchSource} or {@link #close}.
     */
    void sourceClosed(PublisherStream closed) {
        for (PublisherStream layer : layers) {
            if (layer != closed) {
                layer.removeSubscription(this);
            }
        }
        source = null;
        target = null;
        if (state == State.FORWARDING) {
            state = State.WAITING_FOR_KEYFRAME;
        }
    }

    /** Whether this subscription waits for {@code stream}'s next keyframe, which its transport could carry now. */
    boolean waitsForKeyframe(PublisherStream stream) {
        return stream == target && !starved && endpoint.isTransportReady()
                && (state == State.WAITING_FOR_KEYFRAME || state == State.FORWARDING && target != source);
    }

    /** The layers of the source, lowest first (the source alone without simulcast); empty once it closed. */
    PublisherStream[] layerArray() {
        return source == null ? NO_LAYERS : layers;
    }

    /** Whether the subscriber currently wants this video at all (not paused by it, not closed, fed by a source). */
    boolean wantsVideo() {
        return kind == MediaKind.VIDEO && source != null && state != State.PAUSED && state != State.CLOSED;
    }

    /** The current level (see {@link #bestLevelBelow}), -1 starved, -2 before the first choice. */
    int level() {
        return level;
    }

    /** Whether this is an audio subscription that sends. */
    boolean wantsAudio() {
        return kind == MediaKind.AUDIO && source != null && state != State.PAUSED && state != State.CLOSED;
    }

    /**
     * The best level the subscriber asked for among the layers arriving now, below {@code below}, or -1. Levels
     * count spatial × {@link LayerRates#TEMPORAL_LAYERS} + temporal: the lowest spatial layer arriving at each of
     * its temporal layers (what a tight downlink falls back to before starving), the others at their full rate.
     */
    int bestLevelBelow(int below) {
        for (int candidate = Math.min(below, layers.length * LayerRates.TEMPORAL_LAYERS) - 1; candidate >= 0;
                candidate--) {
            if (isAvailable(candidate)) {
                return candidate;
            }
        }
        return -1;
    }

    /** The next level above {@code level} the subscriber asked for among the layers arriving now, or -1. */
    int nextLevel(int current) {
        int end = layers.length * LayerRates.TEMPORAL_LAYERS;
        for (int candidate = current + 1; candidate < end; candidate++) {
            if (isAvailable(candidate)) {
                return candidate;
            }
        }
        return -1;
    }

    /**
     * The highest level the downlink may raise this subscription to now: any, unless a step up failed lately (the
     * level dropped again within {@link #FAILED_UP_WINDOW_NANOS} for want of bandwidth). Then, for a backoff that
     * doubles with each failure in a row ({@link #FIRST_BACKOFF_NANOS} up to {@link #MAX_BACKOFF_NANOS}), not above
     * the level it stepped up from (nor below the lowest level: nothing is worse than no video), as Jitsi and
     * libwebrtc damp their layer switches: a probe through a token bucket's burst, or a path that carries a layer only
     * for a moment, would otherwise send it up and down every few seconds, each time with a keyframe and a freeze.
     */
    int upLimit(long nowNanos) {
        if (backoffNanos == 0 || nowNanos - blockedUntilNanos >= 0) {
            return Integer.MAX_VALUE;
        }
        return Math.max(Math.max(level, blockedAbove), nextLevel(-1));
    }

    private boolean isAvailable(int candidate) {
        int spatial = candidate / LayerRates.TEMPORAL_LAYERS;
        int temporal = candidate % LayerRates.TEMPORAL_LAYERS;
        if (spatial >= layers.length || layers.length > 1 && spatial > preferredSpatial
                || temporal > preferredTemporal) {
            return false;
        }
        PublisherStream layer = layers[spatial];
        if (!layer.isReceiving() && (layers.length > 1 || temporal > 0)) {
            return false;
        }
        // Above the lowest spatial layer only at its full frame rate (as asked): a sharper picture at a quarter of
        // the frame rate is no better than the layer below it in full. Only temporal layers actually sent count.
        return spatial == lowestArriving() ? temporal == 0 || layer.rates().has(temporal) : temporal == topTemporal(layer);
    }

    /** The lowest spatial layer arriving now (a publisher may leave its lowest out), 0 when none is. */
    private int lowestArriving() {
        for (int spatial = 0; spatial < layers.length; spatial++) {
            if (layers[spatial].isReceiving()) {
                return spatial;
            }
        }
        return 0;
    }

    /** The highest temporal layer of {@code layer} sent and asked for. */
    private int topTemporal(PublisherStream layer) {
        int top = preferredTemporal;
        while (top > 0 && !layer.rates().has(top)) {
            top--;
        }
        return top;
    }

    /** What a level costs the subscriber's downlink, bits per second as measured; 0 for -1. */
    long bitrate(int candidate) {
        if (candidate < 0) {
            return 0;
        }
        return layers[candidate / LayerRates.TEMPORAL_LAYERS].rates().upTo(candidate % LayerRates.TEMPORAL_LAYERS);
    }

    /**
     * Applies the layer choice: -1 starves the subscription (nothing is sent until a level fits again); a level
     * sets the temporal layer (taken at the next frame that allows it) and the spatial one (switched to at its next
     * keyframe, asked for now). A choice lower than the current level, while that level still arrives and is still
     * asked for, is applied only when made twice in a row, so that one short dip of the estimate costs no keyframe.
     */
    void selectLayers(int chosen) {
        boolean dip = chosen < level && level >= 0 && isAvailable(level);
        if (dip && ++lowerPicks < 2) {
            return;
        }
        lowerPicks = 0;
        if (source == null) {
            return;
        }
        if (chosen == level) {
            return;
        }
        long now = room.now;
        if (chosen > level) {
            lastUpNanos = now;
            levelBeforeUp = Math.max(level, -1);
        } else if (dip && lastUpNanos != Long.MIN_VALUE) {
            if (now - lastUpNanos < FAILED_UP_WINDOW_NANOS) {
                boolean inARow = backoffNanos > 0 && now - blockedUntilNanos < BACKOFF_RESET_NANOS;
                backoffNanos = inARow ? Math.min(2 * backoffNanos, MAX_BACKOFF_NANOS) : FIRST_BACKOFF_NANOS;
                blockedUntilNanos = now + backoffNanos;
                blockedAbove = levelBeforeUp;
            }
            lastUpNanos = Long.MIN_VALUE;
        }
        level = chosen;
        if (chosen < 0) {
            starved = true;
            if (state == State.FORWARDING) {
                state = State.WAITING_FOR_KEYFRAME;
            }
            return;
        }
        boolean wasStarved = starved;
        starved = false;
        PublisherStream next = layers[chosen / LayerRates.TEMPORAL_LAYERS];
        if (next != target || wasStarved) {
            target = next;
            if (state == State.WAITING_FOR_KEYFRAME || state == State.FORWARDING && target != source) {
                target.requestKeyframe(room.now);
            }
        }
    }

    /**
     * The temporal layers the level forwards, taken from the level and the source as they are now (a single stream's
     * temporal layers may show after its level was chosen): all of a stream that has shown none, or before a level.
     */
    private int temporalTarget() {
        return level < 0 || layers.length == 1 && !source.rates().has(1) ? MAX_LAYER : level % LayerRates.TEMPORAL_LAYERS;
    }

    /**
     * The per-subscriber send path of a publisher's packet (of any layer of the source): keyframe gate and layer
     * switch, layers left out, numbering, payload type, send.
     */
    void forward(InboundRtp packet) {
        if (starved) {
            return;
        }
        RtpPacket rtp = packet.rtp;
        PublisherStream stream = packet.stream;
        if (stream == target && (state == State.WAITING_FOR_KEYFRAME || state == State.FORWARDING && target != source)
                && packet.keyframeStart && endpoint.isTransportReady()) {
            // A keyframe sent before the subscriber's transport is up never reaches it: start with one after.
            boolean switched = stream != source;
            source = stream;
            rewriter.startSegment(rtp.sequenceNumber(), packet.extendedSequenceNumber, rtp.timestamp(),
                    source.clockRate(rtp.payloadType()), packet.arrivalNanos);
            startPictureIds(rtp);
            int temporalTarget = temporalTarget();
            boolean temporalChanged = temporalLayer != temporalTarget;
            temporalLayer = temporalTarget;
            state = State.FORWARDING;
            if (switched || temporalChanged) {
                reportLayers();
            }
        }
        if (state != State.FORWARDING || stream != source || !rewriter.inSegment(packet.extendedSequenceNumber)) {
            return;
        }
        if (leavesOut(packet)) {
            rewriter.drop(rtp.sequenceNumber());
            if (source.codec(rtp.payloadType()) == VideoCodec.VP8 && vp8.wrap(rtp.buffer(), rtp.payloadOffset(),
                    rtp.payloadLength()) && vp8.hasPictureId()) {
                pictureIds().drop(vp8.pictureId());
            }
            return;
        }
        int sequenceNumber = rewriter.sequenceNumber(rtp.sequenceNumber());
        if (sequenceNumber < 0) {
            return;
        }
        boolean marker = rtp.marker() || packet.endOfLayerFrame && packet.spatialLayer == preferredSpatial
                && layers.length == 1;
        send(rtp, sequenceNumber, marker, packet.arrivalNanos);
    }

    /**
     * Whether the packet is of a layer this subscriber does not get: a temporal layer above the chosen one (the
     * choice moves down at a frame start, up at a frame from which the higher layer decodes: base layer or layer
     * sync, RFC 7741 §4.2, RFC 9628 §4.2), or, from a VP9 SVC publisher, a spatial layer above the asked one.
     */
    private boolean leavesOut(InboundRtp packet) {
        int tid = packet.temporalLayer;
        int temporalTarget = temporalTarget();
        if (packet.frameStart && temporalTarget != temporalLayer && tid >= 0
                && (temporalTarget < temporalLayer || tid == 0 || packet.layerSync && tid <= temporalTarget)) {
            temporalLayer = temporalTarget;
            reportLayers();
        }
        if (tid > temporalLayer && temporalLayer < LayerRates.TEMPORAL_LAYERS - 1) {
            return true;
        }
        return layers.length == 1 && packet.spatialLayer > preferredSpatial;
    }

    /**
     * Tells the listener the layers now forwarded, for a source that has layers to tell of: the simulcast layer, or
     * of an SVC stream the highest spatial layer sent.
     */
    private void reportLayers() {
        if (layers.length > 1 || source.rates().has(1) || source.hasSpatialLayers()) {
            int svcSpatial = svcSpatialLayer();
            room.listener.layersChanged(this, svcSpatial >= 0 ? svcSpatial : source.layer(), temporalLayer);
        }
    }

    /** Of an SVC stream (one stream with spatial layers), the highest spatial layer sent; -1 for any other source. */
    private int svcSpatialLayer() {
        return layers.length == 1 && source.hasSpatialLayers() ? Math.min(preferredSpatial, source.maxSpatialLayer()) : -1;
    }

    /** A new segment's first VP8 picture id and TL0PICIDX follow the last ones sent. */
    private void startPictureIds(RtpPacket rtp) {
        if (source.codec(rtp.payloadType()) != VideoCodec.VP8
                || !vp8.wrap(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength()) || !vp8.hasPictureId()) {
            return;
        }
        int pictureId = vp8.pictureId();
        pictureIds().start(pictureId, lastPictureId < 0 ? pictureId : lastPictureId + 1);
        if (vp8.hasTl0PicIdx()) {
            tl0Offset = lastTl0PicIdx < 0 ? 0 : lastTl0PicIdx + 1 - vp8.tl0PicIdx();
        }
    }

    /** The numbering for the width of the picture id {@link #vp8} holds. */
    private GaplessNumbering pictureIds() {
        return vp8.longPictureId() ? longPictureIds : shortPictureIds;
    }

    /**
     * Answers the subscriber's NACK for one of its sequence numbers from the source's cache: as RTX when the
     * subscriber negotiated it, else as the same packet again. Not again within {@code resendAfterNanos} of the last
     * time (the round trip: a receiver NACKs a packet again on its own timer, while the first resend may still be on
     * its way), nor beyond the endpoint's {@code budget}. Returns the publisher's sequence number when the cache
     * lacks the packet (for the caller to ask the publisher), or -1 when answered or not answerable.
     */
    int retransmit(int subscriberSequenceNumber, RtpPacket view, long nowNanos, long resendAfterNanos,
            RetransmissionBudget budget) {
        int publisherSequenceNumber = state == State.CLOSED || source == null ? -1
                : rewriter.publisherSequenceNumber(subscriberSequenceNumber);
        boolean padding = publisherSequenceNumber == SequenceRewriter.PADDING;
        if (publisherSequenceNumber < 0 && !padding) {
            return -1;
        }
        if (padding) {
            // A probe's padding, lost: sent again (small), so that a receiver that numbers frames by sequence
            // (H.264) closes the gap instead of waiting for a keyframe.
            view.wrap(NACKED_PADDING, 0, NACKED_PADDING.length);
        } else if (!source.cache().find(publisherSequenceNumber, nowNanos, view)) {
            return publisherSequenceNumber;
        }
        int slot = subscriberSequenceNumber & (RESENT_SLOTS - 1);
        if (resentSequence[slot] == subscriberSequenceNumber && nowNanos - resentNanos[slot] < resendAfterNanos) {
            room.counters.retransmissionsTooSoon++;
            return -1;
        }
        if (!budget.take(view.length(), endpoint.downlinkBitrate(), nowNanos)) {
            room.counters.retransmissionsOverBudget++;
            return -1;
        }
        resentSequence[slot] = subscriberSequenceNumber;
        resentNanos[slot] = nowNanos;
        if (padding) {
            if (sendMediaPadding(view, subscriberSequenceNumber, nowNanos)) {
                room.counters.retransmissionsSent++;
            }
            return -1;
        }
        int payloadType = payloadTypes[view.payloadType()];
        if (payloadType >= 0 && hasRtx && rtxPayloadTypes[payloadType] >= 0) {
            sendRtx(view, subscriberSequenceNumber, rtxPayloadTypes[payloadType], nowNanos);
        } else {
            send(view, subscriberSequenceNumber, view.marker(), nowNanos);
        }
        room.counters.retransmissionsSent++;
        return -1;
    }

    private void send(RtpPacket rtp, int sequenceNumber, boolean marker, long nowNanos) {
        int payloadType = payloadTypes[rtp.payloadType()];
        if (payloadType < 0) {
            room.counters.payloadTypeNotNegotiated++;
            return;
        }
        int timestamp = rewriter.timestamp(rtp.timestamp());
        int length = endpoint.buildRtp(rtp, sourceExtensions(), mid, config.ssrc(),
                sequenceNumber, timestamp, payloadType, -1, nowNanos);
        if (length >= 0 && rewritePayload(rtp, marker)) {
            endpoint.transmitRtp(length, nowNanos);
            rewriter.sent(sequenceNumber, timestamp, marker, nowNanos);
            lastPayloadType = payloadType;
            lastTimestamp = timestamp;
            packetsSent++;
            octetsSent += rtp.payloadLength();
        }
    }

    /**
     * The publisher's extension ids to copy from. The dependency descriptor goes along only from one stream that the
     * subscription has not switched away from: its frame numbers and template structure belong to one encoder, and a
     * receiver that got another simulcast layer's or another publisher's would take their frames for old or broken.
     */
    private ExtensionMap sourceExtensions() {
        return layers.length == 1 && !switched ? source.endpoint().inboundExtensions()
                : source.endpoint().inboundExtensionsWithoutDescriptor();
    }

    private void sendRtx(RtpPacket rtp, int originalSequenceNumber, int rtxPayloadType, long nowNanos) {
        int sequenceNumber = rtxSequenceNumber;
        int length = endpoint.buildRtp(rtp, sourceExtensions(), mid, rtxSsrc,
                sequenceNumber, rewriter.timestamp(rtp.timestamp()), rtxPayloadType, originalSequenceNumber,
                nowNanos);
        if (length >= 0 && rewritePayload(rtp, rtp.marker())) {
            endpoint.transmitRtp(length, nowNanos);
            rtxSequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        }
    }

    /**
     * Whether {@link #sendPadding} can send now: a video subscription forwarding or waiting for a keyframe (a
     * subscription the layer choice starved must still carry probes, or its estimate could never grow back to its
     * lowest layer), after its first packet, on its RTX stream when RTX is negotiated for the media's payload type
     * ({@link #padsOnRtx}), else on the media stream between two frames.
     */
    boolean canSendPadding() {
        if (kind != MediaKind.VIDEO || lastPayloadType < 0
                || state != State.FORWARDING && state != State.WAITING_FOR_KEYFRAME) {
            return false;
        }
        // Waiting for a keyframe nothing is sent, so a frame cut short stays incomplete whatever follows it.
        return padsOnRtx() || state == State.WAITING_FOR_KEYFRAME || rewriter.atFrameEnd();
    }

    /** Whether padding goes on the RTX stream: RTX is negotiated for the payload type of the latest media sent. */
    boolean padsOnRtx() {
        return hasRtx && lastPayloadType >= 0 && rtxPayloadTypes[lastPayloadType] >= 0;
    }

    /**
     * Sends {@code padding} (a packet of padding only) as libwebrtc's probes are, with the latest media timestamp
     * (RFC 3550 §5.1): on the subscriber's RTX stream without an original sequence number (RFC 4588 §4), or, with no
     * RTX for the media, on the media stream with a sequence number of its own between two frames, which a receiver
     * takes as padding and does not decode (libwebrtc's senders without RTX pad so). Either way its transport-wide
     * sequence number tells the estimator when it arrived.
     */
    boolean sendPadding(RtpPacket padding, long nowNanos) {
        if (!canSendPadding()) {
            return false;
        }
        if (padsOnRtx()) {
            int length = endpoint.buildRtp(padding, ExtensionMap.NONE, mid, rtxSsrc, rtxSequenceNumber, lastTimestamp,
                    rtxPayloadTypes[lastPayloadType], -1, nowNanos);
            if (length < 0) {
                return false;
            }
            endpoint.transmitRtp(length, nowNanos);
            rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
            return true;
        }
        int sequenceNumber = rewriter.padding();
        return sequenceNumber >= 0 && sendMediaPadding(padding, sequenceNumber, nowNanos);
    }

    private boolean sendMediaPadding(RtpPacket padding, int sequenceNumber, long nowNanos) {
        int length = endpoint.buildRtp(padding, ExtensionMap.NONE, mid, config.ssrc(), sequenceNumber, lastTimestamp,
                lastPayloadType, -1, nowNanos);
        if (length < 0) {
            return false;
        }
        endpoint.transmitRtp(length, nowNanos);
        return true;
    }

    /**
     * Rewrites the built packet where this subscriber's view differs from the publisher's: the marker (set on the
     * last packet of the highest VP9 spatial layer sent), the VP8 picture id and TL0PICIDX of its numbering. False
     * when the packet must not go (its picture is older than the numbering remembers).
     */
    private boolean rewritePayload(RtpPacket rtp, boolean marker) {
        byte[] out = room.rtpWriter.buffer();
        if (marker != rtp.marker()) {
            out[1] = (byte) (marker ? out[1] | 0x80 : out[1] & 0x7F);
        }
        if (source.codec(rtp.payloadType()) != VideoCodec.VP8
                || !vp8.wrap(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength()) || !vp8.hasPictureId()
                || !pictureIds().started()) {
            return true;
        }
        int pictureId = pictureIds().forward(vp8.pictureId());
        if (pictureId < 0) {
            return false;
        }
        int shift = room.rtpWriter.payloadOffset() - rtp.payloadOffset();
        Vp8PayloadDescriptor.writePictureId(out, vp8.pictureIdOffset() + shift, vp8.longPictureId(), pictureId);
        boolean newest = lastPictureId < 0 || ((pictureId - lastPictureId) & 0x7FFF) < 0x4000;
        if (newest) {
            lastPictureId = pictureId;
        }
        if (vp8.hasTl0PicIdx()) {
            int tl0PicIdx = (vp8.tl0PicIdx() + tl0Offset) & 0xFF;
            out[vp8.tl0PicIdxOffset() + shift] = (byte) tl0PicIdx;
            if (newest) {
                lastTl0PicIdx = tl0PicIdx;
            }
        }
        return true;
    }

    /**
     * Sends the subscriber a sender report for this SSRC translated from the publisher's (RFC 3550 §6.4.1): the
     * publisher's NTP time with the RTP timestamp moved into the subscriber's space, so that audio and video of
     * one publisher stay in sync; with an SDES CNAME when one was configured.
     */
    void relaySenderReport(PublisherStream from, long ntpTimestamp, int publisherRtpTimestamp) {
        if (state != State.FORWARDING || from != source || starved) {
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
