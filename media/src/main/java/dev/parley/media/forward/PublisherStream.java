package dev.parley.media.forward;

import dev.parley.media.rtp.DependencyDescriptor;
import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtp.KeyframeDetector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One stream a publisher endpoint sends (audio or video, with its RTX stream), and what the room keeps about it:
 * receive statistics, the retransmission cache, the NACK list, keyframe requests, audio levels, the latest sender
 * report, and the subscriptions it feeds.
 *
 * <p>A simulcast publisher sends one stream per layer ({@link Endpoint#publishSimulcast}); the layers know each
 * other, lowest first, and a subscription to one of them is fed from whichever layer fits its subscriber. A layer
 * announced by RID alone (RFC 8851) learns its SSRCs from its first packets.
 *
 * <p>Confined to the room's thread; the conference layer calls {@link #close} there too.
 */
public final class PublisherStream {

    private static final Subscription[] NO_SUBSCRIPTIONS = {};
    /**
     * Audio packets averaged per {@link StreamListener#speechLevel} report: 80 ms of Opus at its usual 20 ms
     * packets, under the 100 ms slices the conference's dominant speaker detection counts speech in.
     */
    static final int SPEECH_LEVEL_WINDOW = 4;

    private final Endpoint endpoint;
    private final RoomContext room;
    private final PublisherStreamConfig config;
    private final byte[] rid;
    private int ssrc;
    private boolean ssrcKnown;
    private int rtxSsrc;
    private boolean hasRtx;
    private final VideoCodec[] codecs = new VideoCodec[128];
    private final LayerRates rates = new LayerRates();
    private final FrameLayers frameLayers = new FrameLayers();
    private final DependencyDescriptor dependencyDescriptor = new DependencyDescriptor();
    /** The highest spatial layer a packet came in, 0 for none above the base one (a VP9 or AV1 SVC publisher). */
    private int maxSpatialLayer;
    private PublisherStream[] layers = {this};
    private int layer;
    private final int[] clockRates = new int[128];
    private final int[] originalPayloadTypes = new int[128];
    private final KeyframeDetector[] keyframeDetectors = new KeyframeDetector[128];
    private final ReceiveStatistics statistics = new ReceiveStatistics();
    private final RetransmissionCache cache;
    private final NackGenerator nacks;
    private final KeyframeRequester keyframeRequests;
    private final AudioLevelTracker audioLevels;
    private final AudioLevelTracker speechLevels = new AudioLevelTracker(SPEECH_LEVEL_WINDOW);
    private Subscription[] subscriptions = NO_SUBSCRIPTIONS;
    private boolean receiving;
    private long lastMediaAt;
    private boolean hasSenderReport;
    private long senderReportNtp;
    private long senderReportArrival;
    private int firSequenceNumber;
    private boolean closed;

    PublisherStream(Endpoint endpoint, RoomContext room, PublisherStreamConfig config) {
        this.endpoint = endpoint;
        this.room = room;
        this.config = config;
        this.rid = config.rid().getBytes(StandardCharsets.US_ASCII);
        this.ssrc = config.ssrc();
        this.ssrcKnown = rid.length == 0;
        this.hasRtx = config.rtxSsrc().isPresent();
        this.rtxSsrc = config.rtxSsrc().orElse(0);
        Arrays.fill(originalPayloadTypes, -1);
        Arrays.fill(keyframeDetectors, KeyframeDetector.ANY_PACKET);
        Arrays.fill(codecs, VideoCodec.OTHER);
        for (PayloadFormat format : config.formats()) {
            clockRates[format.payloadType()] = format.clockRate();
            codecs[format.payloadType()] = VideoCodec.forEncoding(format.encodingName());
            if (config.kind() == MediaKind.VIDEO) {
                keyframeDetectors[format.payloadType()] = KeyframeDetector.forEncoding(format.encodingName());
            }
        }
        config.rtxPayloadTypes().forEach((rtx, original) -> originalPayloadTypes[rtx] = original);
        ForwardingSettings settings = room.settings;
        boolean video = config.kind() == MediaKind.VIDEO;
        int cachePackets = video ? settings.videoCachePackets() : settings.audioCachePackets();
        long maxAge = settings.cacheMaxAge().toNanos();
        this.cache = new RetransmissionCache(cachePackets, maxAge);
        this.nacks = new NackGenerator(settings.nackMaxGap(), settings.nackRetryInterval().toNanos(),
                settings.nackMaxRetries(), maxAge);
        this.keyframeRequests = new KeyframeRequester(settings.keyframeRequestMinInterval().toNanos(),
                settings.keyframeRetryInterval().toNanos());
        this.audioLevels = new AudioLevelTracker(settings.audioLevelWindow());
    }

    public PublisherStreamConfig config() {
        return config;
    }

    public MediaKind kind() {
        return config.kind();
    }

    /** The media SSRC; for a layer announced by RID, 0 until its first packet told it. */
    public int ssrc() {
        return ssrc;
    }

    /** The simulcast layers of the publisher's source, lowest first; this stream alone without simulcast. */
    public List<PublisherStream> layers() {
        return List.of(layers);
    }

    /** This stream's place among {@link #layers()}, 0 the lowest. */
    public int layer() {
        return layer;
    }

    /** The bitrate the stream arrives at, all temporal layers; 0 until measured. */
    public long bitrate() {
        return rates.upTo(LayerRates.TEMPORAL_LAYERS - 1);
    }

    /** The publisher's endpoint. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Whether media arrives: since the first packet, until {@link ForwardingSettings#noMediaTimeout()} of silence. */
    public boolean isReceiving() {
        return receiving;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Packets received (RFC 3550 A.3: retransmissions included, duplicates excluded). */
    public long packetsReceived() {
        return statistics.packets();
    }

    public long bytesReceived() {
        return statistics.bytes();
    }

    /** Packets expected but not received (RFC 3550 A.3), retransmissions counted as received. */
    public long packetsLost() {
        return statistics.cumulativeLost();
    }

    /** Interarrival jitter in timestamp units (RFC 3550 A.8). */
    public int jitter() {
        return statistics.jitter();
    }

    /** The subscriptions this stream feeds now. */
    public int subscriptionCount() {
        return subscriptions.length;
    }

    /**
     * Stops the stream (the publisher unpublished or left): its subscriptions stop too, waiting for
     * {@link Subscription#switchSource} or {@link Subscription#close}.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Subscription subscription : subscriptions) {
            subscription.sourceClosed(this);
        }
        subscriptions = NO_SUBSCRIPTIONS;
        if (receiving) {
            receiving = false;
            room.listener.receivingChanged(this, false);
        }
        endpoint.removeStream(this);
    }

    /**
     * Asks the publisher of this video stream for a keyframe (Janus's {@code configure} with {@code keyframe:true}),
     * now or as soon as {@link ForwardingSettings#keyframeRequestMinInterval()} allows; nothing for audio.
     */
    public void requestKeyframe() {
        requestKeyframe(room.now);
    }

    /** Asks the publisher for a keyframe now, or as soon as the minimum interval allows. */
    void requestKeyframe(long nowNanos) {
        if (config.kind() == MediaKind.VIDEO && !closed && ssrcKnown && keyframeRequests.request(nowNanos)) {
            sendKeyframeRequest();
        }
    }

    /** Sends a held keyframe request, or repeats an unanswered one while a subscriber waits for it. */
    void retryKeyframeRequest(long nowNanos) {
        if (config.kind() == MediaKind.VIDEO && ssrcKnown
                && keyframeRequests.due(nowNanos, hasSubscriberWaitingForKeyframe())) {
            sendKeyframeRequest();
        }
    }

    /** Reports the stream as not receiving after {@code timeoutNanos} without media. */
    void checkReceiving(long nowNanos, long timeoutNanos) {
        if (receiving && nowNanos - lastMediaAt > timeoutNanos) {
            receiving = false;
            room.listener.receivingChanged(this, false);
        }
    }

    private boolean hasSubscriberWaitingForKeyframe() {
        for (Subscription subscription : subscriptions) {
            if (subscription.waitsForKeyframe(this)) {
                return true;
            }
        }
        return false;
    }

    private void sendKeyframeRequest() {
        byte[] buf = room.rtcpBuffer;
        int length = config.keyframeRequest() == KeyframeRequestMethod.FIR
                ? FullIntraRequest.write(buf, 0, endpoint.feedbackSsrc(), ssrc, firSequenceNumber++)
                : PictureLossIndication.write(buf, 0, endpoint.feedbackSsrc(), ssrc);
        room.counters.keyframeRequestsSent++;
        endpoint.sendRtcp(length);
    }

    /** Notes a media packet (not padding) for the receiving state. */
    void onMedia(long nowNanos) {
        lastMediaAt = nowNanos;
        if (!receiving) {
            receiving = true;
            room.listener.receivingChanged(this, true);
        }
    }

    void onKeyframe() {
        keyframeRequests.keyframeArrived();
        room.listener.keyframe(this);
    }

    void onAudioLevel(int level) {
        int average = audioLevels.add(level);
        if (average >= 0) {
            room.listener.audioLevel(this, average);
        }
        int recent = speechLevels.add(level);
        if (recent >= 0) {
            room.listener.speechLevel(this, recent);
        }
    }

    void onSenderReport(long ntpTimestamp, int rtpTimestamp, long nowNanos) {
        hasSenderReport = true;
        senderReportNtp = ntpTimestamp;
        senderReportArrival = nowNanos;
        for (Subscription subscription : subscriptions) {
            subscription.relaySenderReport(this, ntpTimestamp, rtpTimestamp);
        }
    }

    boolean hasSenderReport() {
        return hasSenderReport;
    }

    long senderReportNtp() {
        return senderReportNtp;
    }

    long senderReportArrival() {
        return senderReportArrival;
    }

    boolean isMediaSsrc(int ssrc) {
        return ssrcKnown && ssrc == this.ssrc;
    }

    /** Whether this layer, announced by RID, still waits for its first packets to tell its SSRCs. */
    boolean learnsSsrcs() {
        return awaitsSsrc() || awaitsRtxSsrc();
    }

    boolean awaitsSsrc() {
        return !ssrcKnown;
    }

    /** A RID layer with RTX negotiated whose RTX SSRC no packet told yet. */
    boolean awaitsRtxSsrc() {
        return rid.length > 0 && !hasRtx && !config.rtxPayloadTypes().isEmpty();
    }

    /** The RID (RFC 8852 {@code rtp-stream-id}) this layer is sent with, as bytes; empty without. */
    byte[] rid() {
        return rid;
    }

    /** The publisher's first packet with this layer's RID tells its media SSRC. */
    void learnSsrc(int learned) {
        ssrc = learned;
        ssrcKnown = true;
    }

    /** The first packet with this layer's RID as {@code repaired-rtp-stream-id} tells its RTX SSRC. */
    void learnRtxSsrc(int learned) {
        rtxSsrc = learned;
        hasRtx = true;
    }

    /** Links the layers of one simulcast source, lowest first. */
    void joinLayers(PublisherStream[] all, int index) {
        layers = all;
        layer = index;
    }

    PublisherStream[] layerArray() {
        return layers;
    }

    VideoCodec codec(int payloadType) {
        return codecs[payloadType];
    }

    LayerRates rates() {
        return rates;
    }

    /** Notes a packet's spatial layer (-1: none told). */
    void sawSpatialLayer(int spatialLayer) {
        maxSpatialLayer = Math.max(maxSpatialLayer, spatialLayer);
    }

    /** Whether the stream has spatial layers above the base one (SVC), as its packets told. */
    boolean hasSpatialLayers() {
        return maxSpatialLayer > 0;
    }

    /** The highest spatial layer its packets told of (SVC), 0 for none above the base one. */
    int maxSpatialLayer() {
        return maxSpatialLayer;
    }

    /** The stream's dependency descriptor reader, which keeps the template structure its keyframes carry. */
    DependencyDescriptor dependencyDescriptor() {
        return dependencyDescriptor;
    }

    /** The temporal layers of the stream's last frames (AV1 packets that continue an OBU tell none). */
    FrameLayers frameLayers() {
        return frameLayers;
    }

    boolean isRtxSsrc(int ssrc) {
        return hasRtx && ssrc == rtxSsrc;
    }

    /** The payload type an RTX payload type repairs, or -1. */
    int originalPayloadType(int rtxPayloadType) {
        return originalPayloadTypes[rtxPayloadType];
    }

    /** The clock rate of a payload type; 90 kHz for video and 48 kHz for audio if it is not announced. */
    int clockRate(int payloadType) {
        int rate = clockRates[payloadType];
        return rate != 0 ? rate : config.kind() == MediaKind.VIDEO ? 90_000 : 48_000;
    }

    KeyframeDetector keyframeDetector(int payloadType) {
        return keyframeDetectors[payloadType];
    }

    ReceiveStatistics statistics() {
        return statistics;
    }

    RetransmissionCache cache() {
        return cache;
    }

    NackGenerator nacks() {
        return nacks;
    }

    Subscription[] subscriptions() {
        return subscriptions;
    }

    void addSubscription(Subscription subscription) {
        subscriptions = Arrays.copyOf(subscriptions, subscriptions.length + 1);
        subscriptions[subscriptions.length - 1] = subscription;
    }

    void removeSubscription(Subscription subscription) {
        subscriptions = Endpoint.without(subscriptions, subscription);
    }
}
