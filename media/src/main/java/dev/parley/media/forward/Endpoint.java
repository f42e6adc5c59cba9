package dev.parley.media.forward;

import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;

import java.util.Arrays;
import java.util.List;

/**
 * One participant's transport in a room (one ICE/DTLS/SRTP association, BUNDLE and rtcp-mux): the streams it
 * publishes, the subscriptions it receives, and the pipeline its packets go through, assembled in
 * {@link #assemble}.
 *
 * <p>The transport plugs in at two points: it calls {@link #receiveRtp} and {@link #receiveRtcp} with each
 * packet it unprotected, and it receives outbound packets through the {@link PacketSink} given to
 * {@link ForwardingRoom#addEndpoint}. Everything runs on the room's thread (see {@link ForwardingRoom}).
 */
public final class Endpoint {

    private static final PublisherStream[] NO_STREAMS = {};
    /** A REMB that limits nothing (2^33 bit/s, about 8.6 Gbit/s, exact in REMB's mantissa): lifts a cap a browser holds. */
    public static final long NO_LIMIT = 1L << 33;
    private static final int LIFTED_CAP_REPORTS = 3;
    private static final Subscription[] NO_SUBSCRIPTIONS = {};
    /** A subscription goes up a level only when the level's rate fits 1.25 times. */
    static final long UP_HEADROOM_PERCENT = 125;
    /** A subscription keeps its level while three quarters of its rate fit. */
    static final long KEEP_PERCENT = 75;
    /**
     * How long a step up to a higher simulcast layer waits while the downlink is padded up to what the step will
     * send ({@link #chooseLayers}).
     */
    static final long TRIAL_NANOS = 1_000_000_000L;
    /**
     * How long after a failed trial the layer choice keeps video at its lowest level rather than pausing it: the loss
     * the trial's padding caused in the queue it built shows in the estimate for a few seconds after it stopped.
     */
    static final long TRIAL_AFTERMATH_NANOS = 5_000_000_000L;

    private final ForwardingRoom room;
    private final RoomContext context;
    private final PacketSink sink;
    private final int feedbackSsrc;
    private final InboundRtp inboundRtp = new InboundRtp();
    private final InboundRtcp inboundRtcp = new InboundRtcp();
    private final DownlinkEstimator downlink;
    private final EndpointStep[] pipeline;
    private ExtensionMap inboundExtensions;
    /** The same without the dependency descriptor, for subscribers it would mislead (see {@link Subscription}). */
    private ExtensionMap inboundExtensionsWithoutDescriptor;
    private ExtensionMap outboundExtensions;
    private PublisherStream[] streams = NO_STREAMS;
    private Subscription[] subscriptions = NO_SUBSCRIPTIONS;
    private int transportSequenceNumber;
    private long maxPublishBitrate;
    /** REMBs announcing no limit still owed since a cap was lifted: a few, since RTCP may be lost. */
    private int liftedCapReports;
    private boolean closed;
    private boolean transportReady = true;
    /** When the step up under trial was first chosen, Long.MIN_VALUE when none is. */
    private long trialStart = Long.MIN_VALUE;
    /** What the step up under trial adds to the downlink, bits per second; 0 when none is. */
    private long trialBitrate;
    /** When the latest trial failed (the picks fell back during it), Long.MIN_VALUE before any. */
    private long trialFailedAt = Long.MIN_VALUE;

    Endpoint(ForwardingRoom room, RoomContext context, PacketSink sink, ExtensionMap inboundExtensions,
            ExtensionMap outboundExtensions) {
        this.room = room;
        this.context = context;
        this.sink = sink;
        this.inboundExtensions = inboundExtensions;
        this.inboundExtensionsWithoutDescriptor = inboundExtensions.without(RtpExtension.DEPENDENCY_DESCRIPTOR);
        this.outboundExtensions = outboundExtensions;
        this.feedbackSsrc = context.random.nextInt();
        this.transportSequenceNumber = context.random.nextInt(1 << 16);
        this.downlink = new DownlinkEstimator(this, context);
        this.pipeline = assemble();
    }

    /**
     * The endpoint's pipeline. An RTP packet from the transport meets the steps top to bottom until one drops it;
     * every RTCP packet from the transport and every tick of the room meet all of them.
     */
    private EndpointStep[] assemble() {
        return new EndpointStep[] {
            new RtpValidator(),                         // RFC 3550 §5.1 structure and the size limit
            new TransportCcResponder(this, context),    // every transport-wide seq's arrival; feedback each interval
            new StreamDemultiplexer(this),              // SSRC to publisher stream, media or RTX
            new RtxRestorer(),                          // RFC 4588: the original packet back; probe padding dropped
            new DuplicateFilter(),                      // what the cache holds was forwarded already
            new StatisticsRecorder(this, context),      // RFC 3550 A.1, A.3, A.8; receiving or not
            new LossDetector(this, context),            // gaps NACKed to the publisher, with retries
            new AudioLevelReader(this),                 // RFC 6464 levels for talking events
            new KeyframeTracker(this),                  // keyframe starts; requests retried while subscribers wait
            new LayerReader(this),                      // VP8/VP9/AV1 temporal and spatial layers; per-layer rates
            new CacheWriter(),                          // a copy for subscribers' NACKs
            new Fanout(),                               // one rewritten copy per subscription
            new SenderReportRelay(this, context),       // the publisher's SRs, translated for its subscribers
            new ReceiverReportSender(this, context),    // RRs (and a REMB cap) to the publisher
            new SubscriberReportReader(this, context),  // the subscriber's report blocks about its streams
            new NackResponder(this, context),           // the subscriber's NACKs, from the cache or upstream
            new KeyframeRequestRelay(this, context),    // the subscriber's PLI/FIR, to the publisher
            downlink,                                   // send-side estimate from the subscriber's feedback; probes
            new LayerChooser(this),                     // each subscription's layers from its share of the downlink
        };
    }

    /**
     * Handles one RTP packet the transport received and unprotected, at {@code arrivalNanos} (monotonic, the
     * clock of {@link ForwardingRoom#tick}). The array is lent for the call: the pipeline may change bytes
     * within the packet and copies what it keeps, so the transport may reuse the array when this returns.
     * Malformed or unexpected packets are dropped and counted; nothing is thrown.
     */
    public void receiveRtp(byte[] buf, int off, int len, long arrivalNanos) {
        if (closed) {
            return;
        }
        context.now = arrivalNanos;
        context.counters.rtpReceived++;
        context.counters.rtpBytesReceived += len;
        InboundRtp packet = inboundRtp;
        packet.reset(buf, off, len, arrivalNanos);
        for (EndpointStep step : pipeline) {
            DropReason dropped = step.onRtp(packet);
            if (dropped != null) {
                context.counters.drop(dropped);
                return;
            }
        }
    }

    /**
     * Handles one RTCP packet (compound or reduced-size) the transport received and unprotected. The array is lent
     * for the call, as for {@link #receiveRtp}. A malformed compound is dropped whole and counted.
     */
    public void receiveRtcp(byte[] buf, int off, int len, long arrivalNanos) {
        if (closed) {
            return;
        }
        context.now = arrivalNanos;
        context.counters.rtcpReceived++;
        InboundRtcp packet = inboundRtcp;
        packet.arrivalNanos = arrivalNanos;
        if (len > PacketSink.MAX_PACKET_LENGTH || !packet.compound.wrap(buf, off, len)) {
            context.counters.drop(DropReason.MALFORMED_RTCP);
            return;
        }
        while (packet.compound.next()) {
            for (EndpointStep step : pipeline) {
                step.onRtcp(packet);
            }
        }
    }

    void tick(long nowNanos) {
        for (EndpointStep step : pipeline) {
            step.onTick(nowNanos);
        }
    }

    /** Adds a stream this endpoint publishes; its packets are accepted from now on. */
    public PublisherStream publish(PublisherStreamConfig config) {
        requireOpen();
        for (PublisherStream stream : streams) {
            if (stream.isMediaSsrc(config.ssrc()) || stream.isRtxSsrc(config.ssrc())
                    || config.rtxSsrc().isPresent() && (stream.isMediaSsrc(config.rtxSsrc().getAsInt())
                            || stream.isRtxSsrc(config.rtxSsrc().getAsInt()))) {
                throw new IllegalArgumentException("SSRC already published on this endpoint: " + config);
            }
        }
        PublisherStream stream = new PublisherStream(this, context, config);
        streams = Arrays.copyOf(streams, streams.length + 1);
        streams[streams.length - 1] = stream;
        return stream;
    }

    /**
     * Adds the layers of one simulcast video source (RFC 8853), lowest first, up to three: each a stream of its own
     * (SSRCs, or a RID to learn them from), linked so that a subscription to any of them is fed by the layer that
     * fits its subscriber (see {@link Subscription}).
     */
    public List<PublisherStream> publishSimulcast(List<PublisherStreamConfig> layers) {
        requireOpen();
        if (layers.isEmpty() || layers.size() > Subscription.MAX_LAYER + 1
                || layers.stream().anyMatch(layer -> layer.kind() != MediaKind.VIDEO)) {
            throw new IllegalArgumentException("simulcast is 1 to " + (Subscription.MAX_LAYER + 1)
                    + " video layers, got " + layers);
        }
        PublisherStream[] linked = new PublisherStream[layers.size()];
        for (int i = 0; i < linked.length; i++) {
            linked[i] = publish(layers.get(i));
        }
        for (int i = 0; i < linked.length; i++) {
            linked[i].joinLayers(linked, i);
        }
        return List.of(linked);
    }

    /**
     * The endpoint's transport is still connecting (ICE, DTLS): its subscriptions neither start nor ask for keyframes
     * until {@link #transportConnected()}, since a keyframe sent now would be lost and the next one could be a keyframe
     * request interval away. Endpoints are ready when added.
     */
    public void awaitTransport() {
        transportReady = false;
    }

    /** The endpoint's transport carries media now: video subscriptions waiting to start ask for their keyframes. */
    public void transportConnected() {
        if (transportReady || closed) {
            return;
        }
        transportReady = true;
        for (Subscription subscription : subscriptions) {
            subscription.transportReady();
        }
    }

    /** Whether the transport carries media ({@link #awaitTransport}). */
    boolean isTransportReady() {
        return transportReady;
    }

    /**
     * Subscribes this endpoint to a publisher stream (of this room). A video subscription asks the publisher for a
     * keyframe (once the transport is ready) and starts with it.
     */
    public Subscription subscribe(PublisherStream source, SubscriptionConfig config) {
        requireOpen();
        if (source.isClosed() || source.endpoint().room() != room) {
            throw new IllegalArgumentException("a subscription needs an open stream of the same room");
        }
        for (Subscription subscription : subscriptions) {
            if (subscription.hasSsrc(config.ssrc())
                    || config.rtxSsrc().isPresent() && subscription.hasSsrc(config.rtxSsrc().getAsInt())) {
                throw new IllegalArgumentException("SSRC already used by a subscription of this endpoint: " + config);
            }
        }
        Subscription subscription = new Subscription(this, context, source, config);
        subscriptions = Arrays.copyOf(subscriptions, subscriptions.length + 1);
        subscriptions[subscriptions.length - 1] = subscription;
        for (PublisherStream layer : source.layerArray()) {
            layer.addSubscription(subscription);
        }
        chooseLayers();
        if (transportReady && !subscription.isStarved()) {
            subscription.targetLayer().requestKeyframe(context.now);
        }
        return subscription;
    }

    /** Replaces the header extension ids after a renegotiation (inbound: the endpoint's; outbound: Parley's). */
    public void setExtensions(ExtensionMap inbound, ExtensionMap outbound) {
        this.inboundExtensions = inbound;
        this.inboundExtensionsWithoutDescriptor = inbound.without(RtpExtension.DEPENDENCY_DESCRIPTOR);
        this.outboundExtensions = outbound;
    }

    /**
     * Caps what this endpoint publishes, in bits per second, with a REMB sent along each receiver report (what
     * Janus's {@code configure} with {@code bitrate} does); 0 removes the cap. Browsers keep the last REMB they got
     * as their limit, so a cap is lifted with REMBs of {@link #NO_LIMIT} along the next few reports.
     */
    public void setMaxPublishBitrate(long bitsPerSecond) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("a bitrate cap is >= 0");
        }
        if (bitsPerSecond == 0 && maxPublishBitrate > 0) {
            liftedCapReports = LIFTED_CAP_REPORTS;
        } else if (bitsPerSecond > 0) {
            liftedCapReports = 0;
        }
        this.maxPublishBitrate = bitsPerSecond;
    }

    /**
     * The bitrate this endpoint's downlink is estimated to carry, bits per second: the send-side estimate from its
     * transport-cc feedback under its REMB (the REMB alone without transport-cc), 0 before any feedback. See
     * {@link dev.parley.media.bwe.SendSideEstimator}.
     */
    public long downlinkBitrate() {
        return downlink.estimate();
    }

    /**
     * What this endpoint's subscriptions would take if its downlink did not limit them, bits per second: the
     * measured rate of each video subscription's best layer the subscriber asked for, with the headroom going up to it
     * needs, plus its audio. A bandwidth
     * estimator probes towards it when {@link #downlinkBitrate()} is below.
     */
    public long desiredDownlinkBitrate() {
        long desired = 0;
        for (Subscription subscription : subscriptions) {
            if (subscription.wantsVideo()) {
                // With the headroom that going up to it takes (chooseLayers), else probes would stop short of it.
                desired += subscription.bitrate(subscription.bestLevelBelow(Integer.MAX_VALUE))
                        * UP_HEADROOM_PERCENT / 100;
            } else if (subscription.wantsAudio()) {
                desired += subscription.source().bitrate();
            }
        }
        return desired;
    }

    /**
     * Chooses the layers of this endpoint's video subscriptions (on the timer, and when one is added or changes its
     * wishes): the downlink estimate less what its audio takes is shared out in rounds, each round raising every
     * video subscription by one level (spatial, then temporal, lowest first, up to what the subscriber asked for)
     * if that still fits, so that all get their lowest layer before any gets a higher one, as Jitsi's allocator
     * does. Raising a subscription above its current level must fit with {@link #UP_HEADROOM_PERCENT} headroom,
     * keeping it needs {@link #KEEP_PERCENT} of its rate to fit: the gap between is the hysteresis that keeps a
     * subscription from going up and down with every wobble of the estimate. A step up that the downlink could not
     * carry is not tried again for a while ({@link Subscription#upLimit}). A subscription not even the lowest
     * level fits is starved (nothing sent, audio goes on) until one fits again. No estimate yet: the start bitrate
     * when transport-cc feedback will come ({@link DownlinkEstimator#layerBudget}), else nothing limits.
     */
    void chooseLayers() {
        long estimate = downlink.layerBudget(context.now);
        long budget = estimate > 0 ? estimate : Long.MAX_VALUE;
        for (Subscription subscription : subscriptions) {
            if (subscription.wantsAudio()) {
                budget -= subscription.source().bitrate();
            }
            subscription.pick = -1;
        }
        long used = 0;
        boolean raised = true;
        while (raised) {
            raised = false;
            for (Subscription subscription : subscriptions) {
                if (!subscription.wantsVideo()) {
                    continue;
                }
                int next = subscription.nextLevel(subscription.pick);
                if (next < 0 || next > subscription.upLimit(context.now)) {
                    continue;
                }
                long cost = cost(subscription, next) - cost(subscription, subscription.pick);
                if (budget == Long.MAX_VALUE || used + cost <= budget) {
                    used += cost;
                    subscription.pick = next;
                    raised = true;
                }
            }
        }
        boolean onTrial = tryStepsUp();
        // Delay alone (jitter, or a queue that has not overflowed) keeps video at its lowest level rather than
        // pausing it: only a lossy path, or the receiver's own REMB, starves a subscription; the start bitrate,
        // a guess made before the first feedback, never does; nor does the loss a failed trial's padding caused.
        boolean keepLowest = downlink.heldByDelayAlone() || downlink.startingUp(context.now)
                || trialFailedAt != Long.MIN_VALUE && context.now - trialFailedAt < TRIAL_AFTERMATH_NANOS;
        for (Subscription subscription : subscriptions) {
            if (onTrial && subscription.wantsVideo() && stepsUpALayer(subscription)) {
                continue; // stays where it is until the trial ends
            }
            if (subscription.wantsVideo()) {
                // Nothing arriving to weigh yet: start from the lowest layer rather than starve.
                int lowest = subscription.nextLevel(-1);
                boolean nothingToWeigh = lowest < 0;
                subscription.selectLayers(nothingToWeigh ? 0
                        : subscription.pick < 0 && keepLowest ? lowest : subscription.pick);
            }
        }
    }

    /**
     * Whether the picks' steps up to a higher simulcast layer wait: a step up to another layer costs a keyframe,
     * large and sent at once, and one the downlink cannot carry freezes the video until the layer below comes back
     * (a probe, a few kilobytes, can pass a shaper's burst at a rate the link does not have). So while the estimate
     * comes from transport-cc feedback and probing is on, the downlink is first padded for {@link #TRIAL_NANOS} up to
     * what the steps will add ({@link #trialBitrate}, sent by the {@link DownlinkEstimator}): if it carries that, the
     * estimate holds and the steps are made; if not, the queue the padding builds brings the estimate down, the
     * picks fall back, and only padding was lost. Temporal steps up and choices down are not held.
     */
    private boolean tryStepsUp() {
        long adds = 0;
        boolean newTarget = false;
        if (negotiatedTransportCc() && downlink.estimate() > 0 && context.settings.bandwidth().probing()) {
            for (Subscription subscription : subscriptions) {
                if (subscription.wantsVideo() && stepsUpALayer(subscription)) {
                    adds += subscription.bitrate(subscription.pick) - subscription.bitrate(subscription.level());
                    // A trial is for the picks it began with: another pick (the estimate fell during it, or the
                    // subscriber asked for less) is tried afresh.
                    newTarget |= subscription.trialPick != subscription.pick;
                    subscription.trialPick = subscription.pick;
                }
            }
        }
        if ((adds <= 0 || newTarget) && trialStart != Long.MIN_VALUE) {
            // The picks fell back (or changed) during the trial: it failed.
            trialFailedAt = context.now;
            trialStart = Long.MIN_VALUE;
        }
        if (adds <= 0) {
            trialBitrate = 0;
            return false;
        }
        if (trialStart == Long.MIN_VALUE) {
            trialStart = context.now;
            context.counters.layerTrialsStarted++;
        } else if (context.now - trialStart >= TRIAL_NANOS) {
            trialStart = Long.MIN_VALUE;
            trialBitrate = 0;
            context.counters.layerTrialsPassed++;
            return false;
        }
        trialBitrate = adds;
        return true;
    }

    /** Whether the subscription's pick is a higher simulcast layer than the one it has. */
    private static boolean stepsUpALayer(Subscription subscription) {
        int level = subscription.level();
        return level >= 0 && subscription.pick / LayerRates.TEMPORAL_LAYERS > level / LayerRates.TEMPORAL_LAYERS;
    }

    /** What the step up under trial adds, bits per second, for the downlink to pad; 0 when none is under trial. */
    long trialBitrate() {
        return trialBitrate;
    }

    private static long cost(Subscription subscription, int level) {
        long rate = subscription.bitrate(level);
        return level > subscription.level() ? rate * UP_HEADROOM_PERCENT / 100 : rate * KEEP_PERCENT / 100;
    }

    /** Whether packets to this endpoint carry transport-wide sequence numbers (it sends transport-cc feedback). */
    boolean negotiatedTransportCc() {
        return outboundExtensions.id(RtpExtension.TRANSPORT_CC) != 0;
    }

    /** The smoothed time from sending this endpoint a packet to its transport-cc feedback, 0 before any. */
    long downlinkFeedbackDelayNanos() {
        return downlink.feedbackDelayNanos();
    }

    /** The fraction of packets this endpoint's transport-cc feedback reported lost over the last interval, 0 to 1. */
    public double downlinkLossFraction() {
        return downlink.lossFraction();
    }

    /** Packets sent to this endpoint that its transport-cc feedback reported lost, since it was added. */
    public long downlinkPacketsLost() {
        return downlink.packetsReportedLost();
    }

    /** Media sent to this endpoint over the last complete second (probes not counted), bits per second. */
    public long downlinkSentBitrate() {
        return downlink.sentBitrate();
    }

    /**
     * The subscription that can carry probe padding now, or null: one with RTX first (its padding takes none of the
     * media's sequence numbers), else a video subscription between two frames.
     */
    Subscription paddingCarrier() {
        Subscription carrier = null;
        for (Subscription subscription : subscriptions) {
            if (subscription.canSendPadding()) {
                if (subscription.padsOnRtx()) {
                    return subscription;
                }
                if (carrier == null) {
                    carrier = subscription;
                }
            }
        }
        return carrier;
    }

    /** Closes the endpoint (its transport went away): its streams and subscriptions close with it. */
    public void close() {
        if (closed) {
            return;
        }
        for (PublisherStream stream : streams) {
            stream.close();
        }
        closed = true;
        for (Subscription subscription : subscriptions) {
            subscription.close();
        }
        room.removeEndpoint(this);
    }

    public boolean isClosed() {
        return closed;
    }

    /** The SSRC this endpoint's feedback and receiver reports to the publisher are sent from. */
    public int feedbackSsrc() {
        return feedbackSsrc;
    }

    ForwardingRoom room() {
        return room;
    }

    ExtensionMap inboundExtensions() {
        return inboundExtensions;
    }

    ExtensionMap inboundExtensionsWithoutDescriptor() {
        return inboundExtensionsWithoutDescriptor;
    }

    PublisherStream[] streams() {
        return streams;
    }

    Subscription[] subscriptions() {
        return subscriptions;
    }

    long maxPublishBitrate() {
        return maxPublishBitrate;
    }

    /**
     * The bitrate the next receiver report's REMB announces: the cap, {@link #NO_LIMIT} for a few reports after a cap
     * was lifted, else 0 for no REMB. Counts the report as sent.
     */
    long rembForNextReport() {
        if (maxPublishBitrate > 0) {
            return maxPublishBitrate;
        }
        if (liftedCapReports > 0) {
            liftedCapReports--;
            return NO_LIMIT;
        }
        return 0;
    }

    /** Whether a stream announced by RID still waits for packets to tell its SSRCs. */
    boolean learnsSsrcs() {
        for (PublisherStream stream : streams) {
            if (stream.learnsSsrcs()) {
                return true;
            }
        }
        return false;
    }

    /** The publisher stream whose media or RTX SSRC is {@code ssrc}, or null. */
    PublisherStream streamBySsrc(int ssrc) {
        for (PublisherStream stream : streams) {
            if (stream.isMediaSsrc(ssrc) || stream.isRtxSsrc(ssrc)) {
                return stream;
            }
        }
        return null;
    }

    /** The subscription whose media or RTX SSRC is {@code ssrc}, or null. */
    Subscription subscriptionBySsrc(int ssrc) {
        for (Subscription subscription : subscriptions) {
            if (subscription.hasSsrc(ssrc)) {
                return subscription;
            }
        }
        return null;
    }

    void removeStream(PublisherStream stream) {
        streams = without(streams, stream);
    }

    void removeSubscription(Subscription subscription) {
        subscriptions = without(subscriptions, subscription);
    }

    /**
     * Builds a subscriber's packet from {@code original} (see {@link OutboundRtpWriter}) in the room's RTP buffer,
     * with this transport's next transport-wide sequence number if negotiated, for {@link #transmitRtp}. Returns its
     * length, or -1 if it was too long or the endpoint is closed.
     */
    int buildRtp(RtpPacket original, ExtensionMap originalExtensions, byte[] mid, int ssrc, int sequenceNumber,
            int timestamp, int payloadType, int originalSequenceNumber, long nowNanos) {
        if (closed) {
            return -1;
        }
        int length = context.rtpWriter.write(original, originalExtensions, outboundExtensions, mid, ssrc,
                sequenceNumber, timestamp, payloadType, originalSequenceNumber, transportSequenceNumber, nowNanos);
        if (length < 0) {
            context.counters.outboundTooLarge++;
        }
        return length;
    }

    /**
     * Sends the packet {@link #buildRtp} built, counting its transport-wide sequence number as used and telling the
     * bandwidth estimator when it left.
     */
    void transmitRtp(int length, long nowNanos) {
        OutboundRtpWriter writer = context.rtpWriter;
        if (negotiatedTransportCc()) {
            downlink.sent(transportSequenceNumber, length, nowNanos);
            transportSequenceNumber = (transportSequenceNumber + 1) & 0xFFFF;
        } else {
            downlink.sent(-1, length, nowNanos);
        }
        context.counters.rtpSent++;
        context.counters.rtpBytesSent += length;
        sink.sendRtp(writer.buffer(), 0, length);
    }

    /** Sends the {@code length} bytes built at the start of the room's RTCP buffer. */
    void sendRtcp(int length) {
        if (closed) {
            return;
        }
        context.counters.rtcpSent++;
        sink.sendRtcp(context.rtcpBuffer, 0, length);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the endpoint is closed");
        }
    }

    static <T> T[] without(T[] array, T element) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == element) {
                T[] shorter = Arrays.copyOf(array, array.length - 1);
                System.arraycopy(array, i + 1, shorter, i, array.length - i - 1);
                return shorter;
            }
        }
        return array;
    }
}
