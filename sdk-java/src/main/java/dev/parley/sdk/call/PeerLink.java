package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalHeader;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The connection with one opponent of a session: a {@link MediaPeer}, its trickle-ICE exchange and
 * its reconnection by ICE restart. Runs on the SDK thread; the engine's events hop onto it. Its
 * {@link #state()} and {@link #iceRestarts()} are volatile, for app threads to read.
 * Remote candidates wait until the remote description is set; local ones until the peer is ready
 * for them ({@link #startSendingCandidates}). The side that made the offer drives ICE restarts, so
 * two restarts never cross.
 */
final class PeerLink {

    /** What a link needs from its session: signals out, and where its events go. SDK thread. */
    interface Owner {
        SignalHeader header();

        void send(long userId, CallSignal signal);

        void peerStateChanged(PeerLink link, RTCConnectionState state);

        void remoteTrack(PeerLink link, MediaTrack track);

        void disconnectTimedOut(PeerLink link);

        long disconnectTimeMs();
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    static final long CANDIDATE_BATCH_MS = 20;
    static final int MAX_BUFFERED_CANDIDATES = 200;
    /** How long a disconnected ICE state may last before the offerer restarts ICE. */
    static final long RESTART_AFTER_DISCONNECT_MS = 1000;
    /** While still disconnected, how often the offerer tries another restart. */
    static final long RESTART_RETRY_MS = 4000;

    final long userId;
    final boolean offerer;
    private final Owner owner;
    private final Scheduler scheduler;
    private final MediaPeer peer;

    private volatile RTCConnectionState state = RTCConnectionState.NEW;
    /** The offer received and not answered yet (callee side). */
    String pendingOffer;
    /** Whether the user knows of the session: it called us, or we sent it a call or an accept. */
    boolean reached;
    private boolean closed;
    private boolean remoteDescriptionSet;
    private boolean sendingCandidates;
    private boolean reconnecting;
    private volatile int iceRestarts;
    private final List<IceCandidate> remoteCandidates = new ArrayList<>();
    private final List<IceCandidate> localCandidates = new ArrayList<>();
    private Scheduler.Task candidateTimer;
    private Scheduler.Task disconnectTimer;
    private Scheduler.Task restartTimer;
    private CompletableFuture<?> operations = CompletableFuture.completedFuture(null);
    private final Map<String, MediaTrack> remoteTracks = new HashMap<>();

    PeerLink(Owner owner, long userId, boolean offerer, Scheduler scheduler, MediaPeerFactory factory)
            throws MediaException {
        this.owner = owner;
        this.userId = userId;
        this.offerer = offerer;
        this.scheduler = scheduler;
        this.peer = factory.create(new MediaPeer.Listener() {
            @Override
            public void onIceCandidate(IceCandidate candidate) {
                scheduler.execute(() -> onLocalCandidate(candidate));
            }

            @Override
            public void onIceConnectionState(IceConnectionState iceState) {
                scheduler.execute(() -> onIceState(iceState));
            }

            @Override
            public void onRemoteTrack(MediaTrack track) {
                scheduler.execute(() -> onTrack(track));
            }
        });
    }

    /** Makes the engine's peer with a listener (the session knows the engine and the options). */
    @FunctionalInterface
    interface MediaPeerFactory {
        MediaPeer create(MediaPeer.Listener listener) throws MediaException;
    }

    RTCConnectionState state() {
        return state;
    }

    /** The engine's peer connection (for tests that drive its ICE states). */
    MediaPeer peer() {
        return peer;
    }

    /** ICE restarts this side made (any thread). */
    int iceRestarts() {
        return iceRestarts;
    }

    boolean isClosed() {
        return closed;
    }

    void addLocalMedia(LocalMedia media) throws MediaException {
        peer.addLocalMedia(media);
    }

    CompletableFuture<String> createOffer() {
        return serial(() -> peer.createOffer(false));
    }

    /** Sets the remote offer and answers it. */
    CompletableFuture<String> answer(String offerSdp) {
        return serial(() -> peer.createAnswer(crlf(offerSdp))).thenApply(sdp -> {
            remoteSet();
            return sdp;
        });
    }

    CompletableFuture<Void> acceptAnswer(String answerSdp) {
        return serial(() -> peer.setRemoteAnswer(crlf(answerSdp))).thenRun(this::remoteSet);
    }

    CompletableFuture<Void> setMaxBitrate(int kbps) {
        return serial(() -> peer.setMaxBitrate(kbps));
    }

    CompletableFuture<PeerStats> stats() {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
        return hop(peer.stats());
    }

    void addRemoteCandidates(List<IceCandidate> candidates) {
        for (IceCandidate candidate : candidates) {
            if (remoteDescriptionSet) {
                addCandidate(candidate);
            } else if (remoteCandidates.size() < MAX_BUFFERED_CANDIDATES) {
                remoteCandidates.add(candidate);
            }
        }
    }

    /** From now on local candidates go to the peer; those gathered so far go at once. */
    void startSendingCandidates() {
        sendingCandidates = true;
        scheduleCandidates();
    }

    /** A state the session decides (WAIT, PENDING, CONNECTING, NOT_ANSWER, ...). */
    void setState(RTCConnectionState next) {
        if (state == next || state.isFinal()) return;
        state = next;
        owner.peerStateChanged(this, next);
    }

    /** The peer restarts ICE: answer its offer. */
    void onIceRestart(String sdp) {
        answer(sdp).thenAccept(answer -> owner.send(userId, new CallSignal.IceRestartAccept(owner.header(), answer)))
                .exceptionally(e -> debug("answering an ICE restart failed", e));
    }

    void onIceRestartAccept(String sdp) {
        if (!peer.hasLocalOffer()) return;
        acceptAnswer(sdp).exceptionally(e -> debug("an ICE restart answer was refused", e));
    }

    /** ConnectyCube's form of an ICE restart (docs/protocol.md §3.2, {@code update}): answered in the same form. */
    void onReconnect(CallSignal.Reconnect reconnect) {
        if (!reconnect.offer()) {
            onIceRestartAccept(reconnect.sdp());
            return;
        }
        answer(reconnect.sdp()).thenAccept(answer -> owner.send(userId,
                        new CallSignal.Reconnect(owner.header(), reconnect.offerId(), answer, false)))
                .exceptionally(e -> debug("answering a reconnect offer failed", e));
    }

    /** Closes the connection with {@code finalState} (CLOSED, HANG_UP, REJECT, NOT_ANSWER, ERROR...). */
    void close(RTCConnectionState finalState) {
        if (closed) return;
        closed = true;
        cancel(candidateTimer);
        cancel(disconnectTimer);
        cancel(restartTimer);
        peer.close();
        setState(finalState);
    }

    private void remoteSet() {
        remoteDescriptionSet = true;
        List<IceCandidate> buffered = new ArrayList<>(remoteCandidates);
        remoteCandidates.clear();
        buffered.forEach(this::addCandidate);
    }

    private void addCandidate(IceCandidate candidate) {
        serial(() -> peer.addIceCandidate(candidate)).exceptionally(e -> debug("remote candidate refused: " + candidate.candidate(), e));
    }

    private void onLocalCandidate(IceCandidate candidate) {
        if (closed || candidate == null || candidate.candidate() == null || candidate.candidate().isEmpty()) return;
        localCandidates.add(candidate);
        if (sendingCandidates) scheduleCandidates();
    }

    private void scheduleCandidates() {
        if (candidateTimer != null || localCandidates.isEmpty() || closed) return;
        candidateTimer = scheduler.schedule(() -> {
            candidateTimer = null;
            if (closed || localCandidates.isEmpty()) return;
            List<IceCandidate> batch = new ArrayList<>(localCandidates);
            localCandidates.clear();
            owner.send(userId, new CallSignal.IceCandidates(owner.header(), batch));
        }, CANDIDATE_BATCH_MS);
    }

    private void onTrack(MediaTrack track) {
        if (closed || remoteTracks.containsKey(track.id())) return;
        remoteTracks.put(track.id(), track);
        owner.remoteTrack(this, track);
    }

    private void onIceState(IceConnectionState iceState) {
        if (closed) return;
        switch (iceState) {
            case CHECKING:
                setState(RTCConnectionState.CHECKING);
                break;
            case CONNECTED:
            case COMPLETED:
                onConnected();
                break;
            case DISCONNECTED:
                setState(RTCConnectionState.DISCONNECTED);
                onConnectionLost(false);
                break;
            case FAILED:
                setState(RTCConnectionState.FAILED);
                onConnectionLost(true);
                break;
            default:
                break;
        }
    }

    private void onConnected() {
        cancel(restartTimer);
        restartTimer = null;
        cancel(disconnectTimer);
        disconnectTimer = null;
        reconnecting = false;
        setState(RTCConnectionState.CONNECTED);
    }

    private void onConnectionLost(boolean failed) {
        if (!reconnecting) {
            reconnecting = true;
            disconnectTimer = scheduler.schedule(this::onDisconnectTimeout, owner.disconnectTimeMs());
        }
        if (offerer && (failed || restartTimer == null)) {
            cancel(restartTimer);
            restartTimer = scheduler.schedule(this::restartIce, failed ? 0 : RESTART_AFTER_DISCONNECT_MS);
        }
    }

    private void onDisconnectTimeout() {
        disconnectTimer = null;
        if (closed || !reconnecting) return;
        setState(RTCConnectionState.DISCONNECT_TIMEOUT);
        owner.disconnectTimedOut(this);
    }

    /** Offers new ICE credentials (RFC 8445 §9), and again every few seconds until connected. */
    private void restartIce() {
        restartTimer = null;
        if (closed || !reconnecting) return;
        restartTimer = scheduler.schedule(this::restartIce, RESTART_RETRY_MS);
        CompletableFuture<Void> rollback = peer.hasLocalOffer() ? serial(peer::rollback) : CompletableFuture.completedFuture(null);
        rollback.thenCompose(ignored -> serial(() -> peer.createOffer(true)))
                .thenAccept(offer -> {
                    iceRestarts++;
                    LOG.debug("ICE restart {} with user {}", iceRestarts, userId);
                    owner.send(userId, new CallSignal.IceRestart(owner.header(), offer));
                })
                .exceptionally(e -> debug("ICE restart failed", e));
    }

    /** Runs engine operations one after another, each continuing on the SDK thread. */
    private <T> CompletableFuture<T> serial(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> next = operations.handle((v, e) -> null).thenCompose(ignored -> {
            if (closed) return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
            return hop(operation.get());
        });
        operations = next;
        return next;
    }

    /** The engine's future, completing on the SDK thread. */
    private <T> CompletableFuture<T> hop(CompletableFuture<T> future) {
        CompletableFuture<T> onSdk = new CompletableFuture<>();
        future.whenComplete((value, error) -> scheduler.execute(() -> {
            if (error != null) onSdk.completeExceptionally(error);
            else onSdk.complete(value);
        }));
        return onSdk;
    }

    private static Void debug(String what, Throwable error) {
        LOG.debug(what, error);
        return null;
    }

    private static void cancel(Scheduler.Task task) {
        if (task != null) task.cancel();
    }

    /** Line ends may arrive as LF alone: an XML parser turns CR LF into LF (XML 1.0 §2.11). */
    static String crlf(String sdp) {
        return sdp.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
