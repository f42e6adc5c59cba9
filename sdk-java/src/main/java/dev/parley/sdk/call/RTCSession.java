package dev.parley.sdk.call;

import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One call: the local media, a connection per opponent, the session state, and the timers of
 * docs/protocol.md §3.3 (answer time, dialing re-sends). Group calls are a mesh: after accepting, a
 * callee calls each other opponent whose id is lower than its own, and a session in a call
 * accepts such calls by itself.
 *
 * <p>Every method is safe from any thread: it runs on the SDK thread and its future completes
 * when done, or fails with {@link IllegalStateException} when the session's state does not allow
 * it (e.g. accepting a call that was already closed). Events arrive through the listeners.
 */
public final class RTCSession {

    private final RTCClient client;
    private final Scheduler scheduler;
    private final String sessionId;
    private final long callerId;
    private final List<Long> opponents;
    private final ConferenceType conferenceType;
    private final long currentUserId;
    private final Map<String, String> userInfo;

    private volatile RTCSessionState state = RTCSessionState.NEW;
    private final Map<Long, PeerLink> links = new ConcurrentHashMap<>();
    private final Map<Long, Dial> dialing = new LinkedHashMap<>();
    private final Map<Long, Integer> callsSent = new ConcurrentHashMap<>();
    private final SessionStats stats = new SessionStats();
    private volatile LocalMedia media;
    private volatile int maxBandwidthKbps;
    private Scheduler.Task ringTimer;
    private Scheduler.Task statsTimer;

    private final List<RTCSessionConnectionCallbacks> connectionCallbacks = new CopyOnWriteArrayList<>();
    private final List<RTCTrackCallbacks> trackCallbacks = new CopyOnWriteArrayList<>();
    private final List<RTCStatsCallback> statsCallbacks = new CopyOnWriteArrayList<>();

    /** An outgoing call to one opponent, re-sent every dialing interval until answered. */
    private static final class Dial {
        final String offer;
        final Map<String, String> userInfo;
        int calls;
        Scheduler.Task dialTimer;
        Scheduler.Task answerTimer;

        Dial(String offer, Map<String, String> userInfo) {
            this.offer = offer;
            this.userInfo = userInfo;
        }
    }

    RTCSession(RTCClient client, Scheduler scheduler, String sessionId, long callerId, List<Long> opponents,
               ConferenceType conferenceType, long currentUserId, Map<String, String> userInfo) {
        this.client = client;
        this.scheduler = scheduler;
        this.sessionId = sessionId;
        this.callerId = callerId;
        this.opponents = List.copyOf(opponents);
        this.conferenceType = conferenceType;
        this.currentUserId = currentUserId;
        this.userInfo = Map.copyOf(userInfo);
        this.maxBandwidthKbps = client.mediaConfig().maxBandwidth();
    }

    // ---- what the app reads ----

    public String getSessionID() {
        return sessionId;
    }

    /** The user who started the call. */
    public long getCallerID() {
        return callerId;
    }

    /** Everyone called, the initiator excepted. */
    public List<Long> getOpponents() {
        return opponents;
    }

    public ConferenceType getConferenceType() {
        return conferenceType;
    }

    public long getCurrentUserID() {
        return currentUserId;
    }

    /** The userInfo the caller sent with the call (empty for an outgoing call). */
    public Map<String, String> getUserInfo() {
        return userInfo;
    }

    public RTCSessionState getState() {
        return state;
    }

    /** Whether this user started the call. */
    public boolean isOutgoing() {
        return callerId == currentUserId;
    }

    /** The connection state with one participant ({@code UNKNOWN} when there is none). */
    public RTCConnectionState getPeerState(long userId) {
        PeerLink link = links.get(userId);
        return link == null ? RTCConnectionState.UNKNOWN : link.state();
    }

    /** How many times {@code call} was sent to the user (first call and re-sends). */
    public int getCallsSent(long userId) {
        return callsSent.getOrDefault(userId, 0);
    }

    /** ICE restarts this side made on the connection with the user. */
    public int getIceRestarts(long userId) {
        PeerLink link = links.get(userId);
        return link == null ? 0 : link.iceRestarts;
    }

    /** Everyone in the call but this user. */
    public List<Long> getParticipants() {
        List<Long> all = new ArrayList<>();
        if (callerId != currentUserId) all.add(callerId);
        for (Long id : opponents) if (id != currentUserId) all.add(id);
        return Collections.unmodifiableList(all);
    }

    /** The local microphone track, once the call was started or accepted. */
    public MediaTrack getLocalAudioTrack() {
        LocalMedia m = media;
        return m == null ? null : m.audioTrack();
    }

    public MediaTrack getLocalVideoTrack() {
        LocalMedia m = media;
        return m == null ? null : m.videoTrack();
    }

    public boolean isAudioEnabled() {
        MediaTrack track = getLocalAudioTrack();
        return track != null && track.isEnabled();
    }

    public boolean isVideoEnabled() {
        MediaTrack track = getLocalVideoTrack();
        return track != null && track.isEnabled();
    }

    public boolean isSharingScreen() {
        LocalMedia m = media;
        return m != null && m.isSharingScreen();
    }

    /** Level of this user's microphone now, 0..1. */
    public double getLocalMicLevel() {
        LocalMedia m = media;
        return m == null ? 0 : m.microphoneLevel();
    }

    // ---- listeners ----

    public void addConnectionCallbacksListener(RTCSessionConnectionCallbacks listener) {
        connectionCallbacks.add(listener);
    }

    public void removeConnectionCallbacksListener(RTCSessionConnectionCallbacks listener) {
        connectionCallbacks.remove(listener);
    }

    /** Local and remote audio and video tracks (add it before starting or accepting the call). */
    public void addTrackCallbacksListener(RTCTrackCallbacks listener) {
        trackCallbacks.add(listener);
    }

    public void removeTrackCallbacksListener(RTCTrackCallbacks listener) {
        trackCallbacks.remove(listener);
    }

    /** Stats reports, every {@link RTCConfig#statsReportInterval()} ms while in the call. */
    public void addStatsReportCallback(RTCStatsCallback callback) {
        statsCallbacks.add(callback);
    }

    public void removeStatsReportCallback(RTCStatsCallback callback) {
        statsCallbacks.remove(callback);
    }

    // ---- call control ----

    /** Calls every opponent (the initiator only, once), with {@code userInfo} for them. */
    public CompletableFuture<Void> startCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> {
            if (!isOutgoing()) throw new IllegalStateException("only the initiator starts a call; accept instead");
            if (state != RTCSessionState.NEW) throw new IllegalStateException("the call was already started (" + state + ")");
            openMedia();
            setState(RTCSessionState.PENDING);
            List<CompletableFuture<Void>> dials = new ArrayList<>();
            for (long id : opponents) dials.add(dial(id, info));
            return CompletableFuture.allOf(dials.toArray(new CompletableFuture[0]));
        });
    }

    /** Accepts the ringing call, then calls the other opponents of a group call whose id is lower. */
    public CompletableFuture<Void> acceptCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> {
            if (state != RTCSessionState.NEW || isOutgoing()) {
                throw new IllegalStateException("only a ringing incoming call can be accepted (the session is " + state + ")");
            }
            openMedia();
            setState(RTCSessionState.CONNECTING);
            cancel(ringTimer);
            List<CompletableFuture<Void>> steps = new ArrayList<>();
            for (PeerLink link : new ArrayList<>(links.values())) {
                if (link.pendingOffer != null && !link.isClosed()) steps.add(answer(link, info));
            }
            for (long id : getParticipants()) {
                if (id != callerId && id < currentUserId && !links.containsKey(id)) steps.add(dial(id, info));
            }
            startStats();
            return CompletableFuture.allOf(steps.toArray(new CompletableFuture[0]));
        });
    }

    /** Declines the ringing call; the caller gets {@code onCallRejectByUser} with {@code userInfo}. */
    public CompletableFuture<Void> rejectCall(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> {
            if (state != RTCSessionState.NEW || isOutgoing()) {
                throw new IllegalStateException("only a ringing incoming call can be rejected (the session is " + state + ")");
            }
            List<Long> tell = new ArrayList<>(List.of(callerId));
            for (Long id : links.keySet()) if (!tell.contains(id)) tell.add(id);
            for (long id : tell) signal(id, Signals.REJECT, Map.of("userInfo", info));
            close();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Hangs up: tells every peer and closes the session. An outgoing call not started just closes. */
    public CompletableFuture<Void> hangUp(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> {
            if (state == RTCSessionState.NEW && isOutgoing()) {
                close();
                return CompletableFuture.completedFuture(null);
            }
            if (state != RTCSessionState.PENDING && state != RTCSessionState.CONNECTING) {
                throw new IllegalStateException("only a started call can be hung up (the session is " + state + ")");
            }
            for (PeerLink link : links.values()) {
                if (!link.isClosed()) signal(link.userId, Signals.HANG_UP, Map.of("userInfo", info));
            }
            close();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Sends {@code userInfo} to every peer during the call: {@code onUpdateFromUser} on their side. */
    public CompletableFuture<Void> update(Map<String, String> userInfo) {
        Map<String, String> info = copy(userInfo);
        return act(() -> {
            if (state != RTCSessionState.PENDING && state != RTCSessionState.CONNECTING) {
                throw new IllegalStateException("only a started call can be updated (the session is " + state + ")");
            }
            for (PeerLink link : links.values()) {
                if (!link.isClosed()) signal(link.userId, Signals.UPDATE, Map.of("userInfo", info));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    // ---- media control ----

    /** Mutes (false) or unmutes the microphone: the others hear silence. */
    public CompletableFuture<Void> setAudioEnabled(boolean enabled) {
        return act(() -> {
            requireMedia().audioTrack().setEnabled(enabled);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Turns the camera off (black frames for the others) or on again. */
    public CompletableFuture<Void> setVideoEnabled(boolean enabled) {
        return act(() -> {
            MediaTrack video = requireMedia().videoTrack();
            if (video == null) throw new IllegalStateException("an audio call has no video");
            video.setEnabled(enabled);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Sends another camera's picture (an id from {@code MediaEngine.devices(CAMERA)}). */
    public CompletableFuture<Void> switchCamera(String deviceId) {
        return act(() -> {
            LocalMedia m = requireMedia();
            if (m.videoTrack() == null) throw new IllegalStateException("an audio call has no camera");
            m.switchCamera(deviceId);
            return CompletableFuture.completedFuture(null);
        });
    }

    public CompletableFuture<Void> switchMicrophone(String deviceId) {
        return act(() -> {
            requireMedia().switchMicrophone(deviceId);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Sends a screen (null = the first one) in place of the camera, where the engine has one. */
    public CompletableFuture<Void> startScreenSharing(String screenId) {
        return act(() -> {
            LocalMedia m = requireMedia();
            if (m.videoTrack() == null) throw new IllegalStateException("an audio call has no video to share a screen on");
            if (!m.canShareScreen()) throw new IllegalStateException("this media engine cannot capture a screen here");
            m.startScreenSharing(screenId);
            return CompletableFuture.completedFuture(null);
        });
    }

    public CompletableFuture<Void> stopScreenSharing() {
        return act(() -> {
            requireMedia().stopScreenSharing();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Caps each outgoing video stream, in kbit/s; 0 lifts the cap. */
    public CompletableFuture<Void> setMaxBandwidth(int kbps) {
        if (kbps < 0) return CompletableFuture.failedFuture(new IllegalArgumentException("max bandwidth is kbit/s ≥ 0"));
        return act(() -> {
            maxBandwidthKbps = kbps;
            List<CompletableFuture<Void>> caps = new ArrayList<>();
            for (PeerLink link : links.values()) if (!link.isClosed()) caps.add(link.setMaxBitrate(kbps));
            return CompletableFuture.allOf(caps.toArray(new CompletableFuture[0]));
        });
    }

    /** The connection with one user now, with rates since the last sample of that user. */
    public CompletableFuture<RTCStatsReport> getStats(long userId) {
        return act(() -> {
            PeerLink link = links.get(userId);
            if (link == null || link.isClosed()) throw new IllegalStateException("no connection with user " + userId);
            return link.stats().thenApply(sample -> stats.report(userId, sample));
        });
    }

    // ---- the machinery (SDK thread) ----

    private LocalMedia requireMedia() {
        LocalMedia m = media;
        if (m == null || state == RTCSessionState.CLOSED) throw new IllegalStateException("no local media: the call has not started or is over");
        return m;
    }

    private void openMedia() throws MediaException {
        if (media != null) return;
        LocalMedia opened = client.engine().openLocalMedia(client.mediaConfig().mediaOptions(conferenceType));
        media = opened;
        if (opened.audioTrack() != null) emitTracks(l -> l.onLocalAudioTrackReceive(this, opened.audioTrack()));
        if (opened.videoTrack() != null) emitTracks(l -> l.onLocalVideoTrackReceive(this, opened.videoTrack()));
    }

    /** Offers a connection to one opponent and re-sends the call until it answers or time runs out. */
    private CompletableFuture<Void> dial(long userId, Map<String, String> info) {
        PeerLink link;
        try {
            link = newLink(userId, true);
            link.addLocalMedia(media);
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        return link.createOffer().thenAccept(offer -> {
            if (link.isClosed() || state == RTCSessionState.CLOSED) return;
            Dial dial = new Dial(offer, info);
            long dialingMs = client.config().dialingTimeInterval() * 1000L;
            dial.dialTimer = scheduler.repeat(() -> sendCall(userId, dial), dialingMs);
            dial.answerTimer = scheduler.schedule(() -> onNoAnswer(userId), client.config().answerTimeInterval() * 1000L);
            dialing.put(userId, dial);
            link.setState(RTCConnectionState.WAIT);
            sendCall(userId, dial);
        }).exceptionally(e -> {
            failLink(userId, e);
            return null;
        });
    }

    private void sendCall(long userId, Dial dial) {
        dial.calls++;
        callsSent.put(userId, dial.calls);
        signal(userId, Signals.CALL, Map.of("sdp", dial.offer, "userInfo", dial.userInfo));
    }

    private void stopDialing(long userId) {
        Dial dial = dialing.remove(userId);
        if (dial == null) return;
        cancel(dial.dialTimer);
        cancel(dial.answerTimer);
    }

    private void onNoAnswer(long userId) {
        if (!dialing.containsKey(userId)) return;
        stopDialing(userId);
        client.emit(l -> l.onUserNotAnswer(this, userId));
        // Stop the opponent's ringing too, in case it still rings.
        signal(userId, Signals.HANG_UP, Map.of("userInfo", Map.of("reason", "no_answer")));
        closeLink(userId, RTCConnectionState.NOT_ANSWER);
    }

    private CompletableFuture<Void> answer(PeerLink link, Map<String, String> info) {
        String offer = link.pendingOffer;
        link.pendingOffer = null;
        try {
            link.addLocalMedia(media);
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        link.setState(RTCConnectionState.CONNECTING);
        return link.answer(offer).thenAccept(sdp -> {
            signal(link.userId, Signals.ACCEPT, Map.of("sdp", sdp, "userInfo", info));
            link.startSendingCandidates();
            applyBandwidth(link);
        }).exceptionally(e -> {
            failLink(link.userId, e);
            return null;
        });
    }

    private void applyBandwidth(PeerLink link) {
        if (maxBandwidthKbps > 0) link.setMaxBitrate(maxBandwidthKbps);
    }

    private PeerLink newLink(long userId, boolean offerer) throws MediaException {
        PeerLink old = links.get(userId);
        if (old != null) old.close(RTCConnectionState.CLOSED);
        PeerLink link = new PeerLink(this, userId, offerer, scheduler, listener -> client.engine().createPeer(client.peerOptions(), listener));
        links.put(userId, link);
        return link;
    }

    private void failLink(long userId, Throwable error) {
        client.log("connection with user " + userId + " failed", error);
        closeLink(userId, RTCConnectionState.ERROR);
    }

    private void closeLink(long userId, RTCConnectionState finalState) {
        stopDialing(userId);
        PeerLink link = links.get(userId);
        if (link != null) link.close(finalState);
        stats.forget(userId);
        boolean inCall = state == RTCSessionState.PENDING || state == RTCSessionState.CONNECTING;
        if (inCall && links.values().stream().allMatch(PeerLink::isClosed)) close();
    }

    /** Closes everything: peers, timers, devices. Safe to call more than once. */
    void close() {
        if (state == RTCSessionState.CLOSED || state == RTCSessionState.GOING_TO_CLOSE) return;
        setState(RTCSessionState.GOING_TO_CLOSE);
        client.emit(l -> l.onSessionStartClose(this));
        for (Long userId : new ArrayList<>(dialing.keySet())) stopDialing(userId);
        cancel(ringTimer);
        cancel(statsTimer);
        for (PeerLink link : links.values()) link.close(RTCConnectionState.CLOSED);
        LocalMedia m = media;
        if (m != null) m.close();
        setState(RTCSessionState.CLOSED);
        client.sessionClosed(this);
        client.emit(l -> l.onSessionClosed(this));
    }

    private void setState(RTCSessionState next) {
        if (state == next) return;
        state = next;
        client.debug("session " + sessionId + " is " + next);
        emitConnection(l -> l.onStateChanged(this, next));
    }

    // ---- from the peers ----

    void peerStateChanged(PeerLink link, RTCConnectionState peerState) {
        long id = link.userId;
        client.debug("session " + sessionId + ": user " + id + " is " + peerState);
        emitConnection(l -> l.onPeerStateChanged(this, id, peerState));
        switch (peerState) {
            case CONNECTING:
                emitConnection(l -> l.onStartConnectToUser(this, id));
                break;
            case CONNECTED:
                emitConnection(l -> l.onConnectedToUser(this, id));
                break;
            case DISCONNECTED:
                emitConnection(l -> l.onDisconnectedFromUser(this, id));
                break;
            case FAILED:
                emitConnection(l -> l.onConnectionFailedWithUser(this, id));
                break;
            case DISCONNECT_TIMEOUT:
                emitConnection(l -> l.onDisconnectedTimeoutFromUser(this, id));
                break;
            default:
                if (peerState.isFinal()) emitConnection(l -> l.onConnectionClosedForUser(this, id));
                break;
        }
    }

    void remoteTrack(PeerLink link, MediaTrack track) {
        long id = link.userId;
        if (track.kind() == MediaTrack.Kind.VIDEO) emitTracks(l -> l.onRemoteVideoTrackReceive(this, track, id));
        else emitTracks(l -> l.onRemoteAudioTrackReceive(this, track, id));
    }

    void disconnectTimedOut(PeerLink link) {
        closeLink(link.userId, RTCConnectionState.CLOSED);
    }

    long disconnectTimeMs() {
        return client.config().disconnectTime() * 1000L;
    }

    // ---- signals in (SDK thread) ----

    /** The first call of an incoming session: ring until accept, reject or the answer time. */
    void ring(long from, String sdp) {
        onCall(from, sdp);
        ringTimer = scheduler.schedule(() -> {
            if (state != RTCSessionState.NEW) return;
            client.emit(l -> l.onUserNoActions(this, currentUserId));
            close();
        }, client.config().answerTimeInterval() * 1000L);
    }

    void onSignal(long from, Map<String, Object> fields) {
        if (state == RTCSessionState.CLOSED || !getParticipants().contains(from)) return;
        String type = Signals.text(fields.get("signalType"));
        if (type == null) return;
        Map<String, String> info = Signals.userInfo(fields.get("userInfo"));
        String sdp = Signals.text(fields.get("sdp"));
        PeerLink link = links.get(from);
        switch (type) {
            case Signals.CALL:
                onCall(from, sdp);
                break;
            case Signals.ACCEPT:
                onAccept(from, sdp, info);
                break;
            case Signals.REJECT:
                if (dialing.containsKey(from)) {
                    client.emit(l -> l.onCallRejectByUser(this, from, info));
                    closeLink(from, RTCConnectionState.REJECT);
                }
                break;
            case Signals.HANG_UP:
                onHangUp(from, info);
                break;
            case Signals.UPDATE:
                onUpdate(from, fields, info);
                break;
            case Signals.CANDIDATES:
                if (link != null && !link.isClosed()) link.addRemoteCandidates(candidates(fields.get("iceCandidates")));
                break;
            case Signals.ICE_RESTART:
                if (link != null && !link.isClosed() && sdp != null) link.onIceRestart(sdp);
                break;
            case Signals.ICE_RESTART_ACCEPT:
                if (link != null && !link.isClosed() && sdp != null) link.onIceRestartAccept(sdp);
                break;
            default:
                client.debug("unknown signal type " + type + " from " + from);
        }
    }

    private void onCall(long from, String sdp) {
        PeerLink existing = links.get(from);
        if (existing != null && !existing.isClosed() || sdp == null) return; // a dialing re-send
        PeerLink link;
        try {
            link = newLink(from, false);
        } catch (MediaException e) {
            failLink(from, e);
            return;
        }
        link.pendingOffer = sdp;
        link.setState(RTCConnectionState.PENDING);
        // A mesh call from another opponent: a session in the call accepts it by itself.
        if (state == RTCSessionState.CONNECTING) answer(link, Map.of());
    }

    private void onAccept(long from, String sdp, Map<String, String> info) {
        PeerLink link = links.get(from);
        if (link == null || link.isClosed() || !dialing.containsKey(from) || sdp == null) return;
        stopDialing(from);
        link.setState(RTCConnectionState.CONNECTING);
        link.acceptAnswer(sdp).thenRun(() -> {
            link.startSendingCandidates();
            applyBandwidth(link);
        }).exceptionally(e -> {
            failLink(from, e);
            return null;
        });
        if (state == RTCSessionState.PENDING) setState(RTCSessionState.CONNECTING);
        startStats();
        client.emit(l -> l.onCallAcceptByUser(this, from, info));
    }

    private void onHangUp(long from, Map<String, String> info) {
        client.emit(l -> l.onReceiveHangUpFromUser(this, from, info));
        PeerLink link = links.get(from);
        if (link != null) link.close(RTCConnectionState.HANG_UP);
        if (state == RTCSessionState.NEW && from == callerId) {
            close(); // the caller gave up before we answered
        } else {
            closeLink(from, RTCConnectionState.HANG_UP);
        }
    }

    private void onUpdate(long from, Map<String, Object> fields, Map<String, String> info) {
        Object description = fields.get("sessionDescription");
        if ("reconnect".equals(fields.get("reason")) && description instanceof Map) {
            // The ConnectyCube form of an ICE restart (docs/protocol.md §3.2, update).
            Map<?, ?> desc = (Map<?, ?>) description;
            String sdp = Signals.text(desc.get("sdp"));
            PeerLink link = links.get(from);
            if (link == null || link.isClosed() || sdp == null) return;
            if ("offer".equals(desc.get("type"))) {
                Object offerId = desc.get("offerId") == null ? "" : desc.get("offerId");
                link.answer(sdp).thenAccept(answer -> signal(from, Signals.UPDATE, Map.of("reason", "reconnect",
                        "sessionDescription", Map.of("offerId", offerId, "sdp", answer, "type", "answer"))));
            } else {
                link.onIceRestartAccept(sdp);
            }
            return;
        }
        client.emit(l -> l.onUpdateFromUser(this, from, info));
    }

    /** Candidates as signalled; an empty sdpMLineIndex means 0 (docs/protocol.md §3.2). */
    private static List<IceCandidate> candidates(Object list) {
        List<IceCandidate> candidates = new ArrayList<>();
        if (!(list instanceof List)) return candidates;
        for (Object item : (List<?>) list) {
            if (!(item instanceof Map)) continue;
            Map<?, ?> c = (Map<?, ?>) item;
            String candidate = Signals.text(c.get("candidate"));
            if (candidate == null) continue;
            String mid = Signals.text(c.get("sdpMid"));
            int index;
            try {
                index = Integer.parseInt(String.valueOf(c.get("sdpMLineIndex")).trim());
            } catch (NumberFormatException e) {
                index = 0;
            }
            candidates.add(new IceCandidate(mid == null || mid.isEmpty() ? null : mid, index, candidate));
        }
        return candidates;
    }

    // ---- stats ----

    private void startStats() {
        int interval = client.config().statsReportInterval();
        if (statsTimer != null || interval == 0) return;
        statsTimer = scheduler.repeat(this::reportStats, interval);
    }

    private void reportStats() {
        if (state != RTCSessionState.CONNECTING) return;
        for (PeerLink link : links.values()) {
            if (link.isClosed() || link.pendingOffer != null) continue;
            link.stats().thenAccept(sample -> {
                RTCStatsReport report = stats.report(link.userId, sample);
                for (RTCStatsCallback callback : statsCallbacks) client.callback(() -> callback.onStatsReport(this, report));
            }).exceptionally(e -> {
                client.debug("stats of user " + link.userId + " failed: " + e);
                return null;
            });
        }
    }

    // ---- plumbing ----

    /** Sends one signal of this session; a failure is logged (re-sends and timeouts cover it). */
    void signal(long userId, String type, Map<String, Object> extra) {
        client.send(userId, Signals.fields(type, sessionId, conferenceType, callerId, opponents, extra));
    }

    /** Runs an app call on the SDK thread; its future fails when the action throws or fails. */
    private <T> CompletableFuture<T> act(ThrowingSupplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                action.get().whenComplete((value, error) -> {
                    if (error != null) result.completeExceptionally(error);
                    else result.complete(value);
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        };
        if (scheduler.inThread()) run.run();
        else scheduler.execute(run);
        return result;
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private void emitConnection(Consumer<RTCSessionConnectionCallbacks> event) {
        for (RTCSessionConnectionCallbacks listener : connectionCallbacks) client.callback(() -> event.accept(listener));
    }

    private void emitTracks(Consumer<RTCTrackCallbacks> event) {
        for (RTCTrackCallbacks listener : trackCallbacks) client.callback(() -> event.accept(listener));
    }

    private static Map<String, String> copy(Map<String, String> userInfo) {
        if (userInfo == null) return Map.of();
        Map<String, String> copy = new LinkedHashMap<>();
        userInfo.forEach((k, v) -> {
            if (k != null && v != null) copy.put(k, v);
        });
        return copy;
    }

    private static void cancel(Scheduler.Task task) {
        if (task != null) task.cancel();
    }

    @Override
    public String toString() {
        return "RTCSession[" + sessionId + ", " + state + ", caller " + callerId + ", opponents " + opponents + "]";
    }
}
