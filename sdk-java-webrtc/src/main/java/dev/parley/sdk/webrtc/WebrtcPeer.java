package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.MediaType;
import dev.parley.sdk.media.DataChannel;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaPeer} over one {@link RTCPeerConnection}. Native callbacks only complete futures
 * or call the listener; every next native step of an SDP exchange runs on the engine's
 * {@code ops} executor, which also completes the futures the SDK gets.
 */
final class WebrtcPeer implements MediaPeer {

    private static final Logger LOG = LoggerFactory.getLogger(WebrtcPeer.class);
    private static final long STEP_TIMEOUT_SECONDS = 20;
    /** Simulcast layers' caps, full size first, bit/s (the browser SDK's: 1.5 Mbit/s, 500 and 150 kbit/s). */
    private static final int[] LAYER_BITRATES = {1_500_000, 500_000, 150_000};

    private final PeerConnectionFactory factory;
    private final PeerOptions options;
    private final Listener listener;
    private final Executor ops;
    private final Consumer<WebrtcPeer> onClose;
    private final RTCPeerConnection pc;
    private final List<Sending> sending = new ArrayList<>();
    private final Map<String, RemoteTrack> remoteTracks = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final List<WebrtcDataChannel> dataChannels = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A local track and the sender this connection sends it with. */
    private record Sending(LocalTrack<?, ?> track, RTCRtpSender sender) {
    }

    WebrtcPeer(PeerConnectionFactory factory, PeerOptions options, Listener listener, Executor ops,
               Consumer<WebrtcPeer> onClose) throws MediaException {
        this.factory = factory;
        this.options = options;
        this.listener = listener;
        this.ops = ops;
        this.onClose = onClose;
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = IceServers.toNative(options.iceServers());
        try {
            this.pc = factory.createPeerConnection(config, new Observer());
        } catch (RuntimeException e) {
            throw new MediaException("could not create a peer connection: " + e.getMessage(), e);
        }
        if (pc == null) throw new MediaException("could not create a peer connection");
    }

    @Override
    public synchronized DataChannel openDataChannel(String label) throws MediaException {
        requireOpen();
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        init.maxRetransmits = -1;
        init.maxPacketLifeTime = -1;
        init.id = -1;
        try {
            WebrtcDataChannel channel = new WebrtcDataChannel(pc.createDataChannel(label, init), null, ops);
            dataChannels.add(channel);
            return channel;
        } catch (RuntimeException e) {
            throw new MediaException("could not open data channel " + label + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void addLocalMedia(LocalMedia media) throws MediaException {
        requireOpen();
        if (!(media instanceof WebrtcLocalMedia local) || !local.madeBy(factory)) {
            throw new MediaException("cannot send " + media.getClass().getName() + ": open it with this engine");
        }
        if (local.audio() != null) send(local.audio(), local.streamId(), MediaType.AUDIO, options.audioCodecs());
        if (local.video() != null) send(local.video(), local.streamId(), MediaType.VIDEO, options.videoCodecs());
    }

    private void send(LocalTrack<?, ?> track, String streamId, MediaType type, List<String> codecs) throws MediaException {
        int transceiversBefore = pc.getTransceivers().length;
        RTCRtpSender sender;
        try {
            sender = type == MediaType.VIDEO && options.videoLayers() > 1
                    ? pc.addTransceiver(track.nativeTrack(), simulcast(streamId, options.videoLayers())).getSender()
                    : pc.addTrack(track.nativeTrack(), List.of(streamId));
        } catch (RuntimeException e) {
            throw new MediaException("could not add local " + track.kind().name().toLowerCase() + " track: " + e.getMessage(), e);
        }
        track.attach(sender);
        sending.add(new Sending(track, sender));
        RTCRtpTransceiver[] transceivers = pc.getTransceivers();
        // addTrack made a new transceiver (the last one) unless it took one a remote offer had made.
        if (!codecs.isEmpty() && transceivers.length > transceiversBefore) {
            preferCodecs(transceivers[transceivers.length - 1], type, codecs);
        }
    }

    /**
     * A sending transceiver with {@code layers} simulcast encodings, the full size first, then each half the one
     * before, with the bitrate caps browsers' SDKs use. webrtc-java cannot name the encodings, so libwebrtc names them
     * {@code 0}, {@code 1}, {@code 2} in this order; an SFU reads unnamed RIDs as listed highest first.
     */
    private static RTCRtpTransceiverInit simulcast(String streamId, int layers) {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_RECV;
        init.streamIds = List.of(streamId);
        init.sendEncodings = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            RTCRtpEncodingParameters encoding = new RTCRtpEncodingParameters();
            encoding.active = true;
            encoding.scaleResolutionDownBy = (double) (1 << layer);
            encoding.maxBitrate = LAYER_BITRATES[layer];
            init.sendEncodings.add(encoding);
        }
        return init;
    }

    private void preferCodecs(RTCRtpTransceiver transceiver, MediaType type, List<String> codecs) throws MediaException {
        List<RTCRtpCodecCapability> ordered =
                CodecPreferences.order(type, factory.getRtpReceiverCapabilities(type).getCodecs(), codecs);
        if (ordered.isEmpty()) {
            LOG.warn("None of the preferred {} codecs {} is available; keeping WebRTC's order", type, codecs);
            return;
        }
        try {
            transceiver.setCodecPreferences(ordered);
        } catch (RuntimeException e) {
            throw new MediaException("could not prefer " + type + " codecs " + codecs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<String> createOffer(boolean iceRestart) {
        RTCOfferOptions offerOptions = new RTCOfferOptions();
        offerOptions.iceRestart = iceRestart;
        return start("createOffer", () -> {
            Futures.CreateObserver created = Futures.created("createOffer");
            pc.createOffer(offerOptions, created);
            return created.thenComposeAsync(this::setLocal, ops);
        });
    }

    @Override
    public CompletableFuture<String> createAnswer(String remoteOfferSdp) {
        return start("createAnswer", () -> setRemote(RTCSdpType.OFFER, remoteOfferSdp)
                .thenComposeAsync(ignored -> guarded(() -> {
                    Futures.CreateObserver created = Futures.created("createAnswer");
                    pc.createAnswer(new RTCAnswerOptions(), created);
                    return created;
                }), ops)
                .thenComposeAsync(this::setLocal, ops));
    }

    @Override
    public CompletableFuture<Void> setRemoteAnswer(String sdp) {
        return start("setRemoteAnswer", () -> setRemote(RTCSdpType.ANSWER, sdp));
    }

    @Override
    public boolean hasLocalOffer() {
        try {
            return !closed && pc.getSignalingState() == RTCSignalingState.HAVE_LOCAL_OFFER;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Void> rollback() {
        return start("rollback", () -> {
            Futures.SetObserver done = Futures.set("rollback");
            pc.setLocalDescription(new RTCSessionDescription(RTCSdpType.ROLLBACK, ""), done);
            return done;
        });
    }

    @Override
    public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
        return start("addIceCandidate", () -> {
            pc.addIceCandidate(new RTCIceCandidate(candidate.sdpMid(), candidate.sdpMLineIndex(), candidate.candidate()));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<Void> setMaxBitrate(int kbps) {
        if (kbps < 0) return Futures.failed("max bitrate must be >= 0 kbit/s: " + kbps);
        return start("setMaxBitrate", () -> {
            synchronized (this) {
                for (Sending s : sending) {
                    if (s.track().kind() == MediaTrack.Kind.VIDEO) capBitrate(s.sender(), kbps);
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private static void capBitrate(RTCRtpSender sender, int kbps) {
        RTCRtpSendParameters parameters = sender.getParameters();
        for (RTCRtpEncodingParameters encoding : parameters.encodings) {
            encoding.maxBitrate = kbps == 0 ? null : kbps * 1000;
        }
        sender.setParameters(parameters);
    }

    @Override
    public CompletableFuture<PeerStats> stats() {
        return start("stats", () -> {
            CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
            pc.getStats(report::complete);
            return report.thenApply(StatsMapper::map);
        });
    }

    @Override
    public CompletableFuture<Map<String, PeerStats>> receiverStats() {
        return start("receiverStats", () -> {
            // Inbound RTP entries name their receiver's track (trackIdentifier); the transceivers say its mid.
            Map<String, String> midOfTrack = new HashMap<>();
            for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
                MediaStreamTrack track = transceiver.getReceiver().getTrack();
                if (transceiver.getMid() != null && track != null) midOfTrack.put(track.getId(), transceiver.getMid());
            }
            CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
            pc.getStats(report::complete);
            return report.thenApply(r -> StatsMapper.byMid(r, midOfTrack));
        });
    }

    @Override
    public Map<String, MediaTrack> remoteTracksByMid() {
        Map<String, MediaTrack> byMid = new LinkedHashMap<>();
        if (closed) return byMid;
        try {
            for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
                String mid = transceiver.getMid();
                MediaStreamTrack track = transceiver.getReceiver().getTrack();
                if (mid == null || track == null) continue;
                RemoteTrack remote = remoteTracks.computeIfAbsent(track.getId(), id -> RemoteTrack.wrap(track));
                if (remote != null) byMid.put(mid, remote);
            }
        } catch (RuntimeException e) {
            LOG.debug("transceivers not read (connection closing?): {}", e.toString());
        }
        return byMid;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            synchronized (this) {
                for (Sending s : sending) {
                    s.track().detach(s.sender());
                    try {
                        pc.removeTrack(s.sender());
                    } catch (RuntimeException e) {
                        LOG.warn("Could not remove a local track before closing", e);
                    }
                }
                sending.clear();
            }
            remoteTracks.values().forEach(RemoteTrack::detach);
            dataChannels.forEach(WebrtcDataChannel::close);
            dataChannels.clear();
            pc.close();
        } finally {
            // A closed connection calls no observer back: nothing else would complete these.
            pending.forEach(f -> f.completeExceptionally(new MediaException("peer connection closed")));
            onClose.accept(this);
        }
    }

    /**
     * Runs {@code step}, which makes the first native call, and delivers its outcome on the ops
     * executor (see {@link Futures#deliver}). A closed peer, a step that throws or a close before the
     * end gives a failed future naming {@code what}.
     */
    private <T> CompletableFuture<T> start(String what, Supplier<CompletableFuture<T>> step) {
        if (closed) return Futures.failed(what + ": peer connection is closed");
        CompletableFuture<T> started;
        try {
            started = step.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(new MediaException(what + " failed: " + e.getMessage(), e));
        }
        CompletableFuture<T> result = Futures.deliver(what, started, STEP_TIMEOUT_SECONDS, ops);
        pending.add(result);
        result.whenComplete((value, error) -> pending.remove(result));
        if (closed) result.completeExceptionally(new MediaException(what + ": peer connection closed"));
        return result;
    }

    /** {@code step} unless the peer closed meanwhile (native calls on a closed connection throw). */
    private <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> step) {
        if (closed) throw new IllegalStateException("peer connection is closed");
        return step.get();
    }

    private CompletableFuture<String> setLocal(RTCSessionDescription description) {
        return guarded(() -> {
            Futures.SetObserver done = Futures.set("setLocalDescription(" + description.sdpType + ")");
            pc.setLocalDescription(description, done);
            return done.thenApply(ignored -> description.sdp);
        });
    }

    private CompletableFuture<Void> setRemote(RTCSdpType type, String sdp) {
        Futures.SetObserver done = Futures.set("setRemoteDescription(" + type + ")");
        pc.setRemoteDescription(new RTCSessionDescription(type, sdp), done);
        return done;
    }

    private void requireOpen() throws MediaException {
        if (closed) throw new MediaException("peer connection is closed");
    }

    /** Hears the native connection on its signaling thread: translates and returns at once. */
    private final class Observer implements PeerConnectionObserver {

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            if (closed) return;
            notifyListener(() -> listener.onIceCandidate(new IceCandidate(candidate.sdpMid, candidate.sdpMLineIndex, candidate.sdp)));
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            if (closed) return;
            notifyListener(() -> listener.onIceConnectionState(IceConnectionState.valueOf(state.name())));
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            if (closed) return;
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            boolean[] fresh = new boolean[1];
            RemoteTrack remote = remoteTracks.computeIfAbsent(track.getId(), id -> {
                fresh[0] = true;
                return RemoteTrack.wrap(track);
            });
            if (remote == null || !fresh[0]) return;
            notifyListener(() -> listener.onRemoteTrack(remote));
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            if (closed) return;
            dataChannels.add(new WebrtcDataChannel(channel, listener, ops));
        }

        private void notifyListener(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("A peer listener failed", e);
            }
        }
    }
}
