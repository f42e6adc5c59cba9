package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalHeader;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state machine of one session (docs/protocol.md §3.3): the transitions the app's actions make, the ones the
 * peers' signals make, and the connection with each peer. Group calls are a mesh: after accepting, a callee calls
 * each other opponent whose id is lower than its own, and a session in the call accepts such calls by itself.
 *
 * <p>Races are settled here: a peer is told of a hang-up only if it knows of the session (so a call given up
 * before its offer was made sends nothing), an offer or answer that completes after the session or the peer
 * closed is never sent, and hanging up a session that is already closing or closed does nothing.
 *
 * <p>SDK thread only; {@link #state()} and the links are also read by app threads (a volatile field and a
 * concurrent map of links whose own state is volatile).
 */
final class CallFlow implements PeerLink.Owner, Dialer.Events {

    private final RTCClient client;
    private final Scheduler scheduler;
    private final RTCSession session;
    private final SignalHeader header;
    private final SessionListeners listeners;
    private final SessionMedia media;
    private final Dialer dialer;
    private final StatsReporter stats;
    private final Map<Long, PeerLink> links = new ConcurrentHashMap<>();
    private volatile RTCSessionState state = RTCSessionState.NEW;
    private Scheduler.Task ringTimer;

    CallFlow(RTCClient client, Scheduler scheduler, RTCSession session, SignalHeader header,
             SessionListeners listeners, SessionMedia media) {
        this.client = client;
        this.scheduler = scheduler;
        this.session = session;
        this.header = header;
        this.listeners = listeners;
        this.media = media;
        this.dialer = new Dialer(scheduler, client.config(), this);
        this.stats = new StatsReporter(scheduler, client.config().statsReportInterval(), listeners, links::values);
    }

    RTCSessionState state() {
        return state;
    }

    PeerLink link(long userId) {
        return links.get(userId);
    }

    int callsSent(long userId) {
        return dialer.callsSent(userId);
    }

    boolean inCall() {
        return state == RTCSessionState.PENDING || state == RTCSessionState.CONNECTING;
    }

    // ---- the app's actions ----

    CompletableFuture<Void> start(Map<String, String> userInfo) throws MediaException {
        if (!session.isOutgoing()) throw new IllegalStateException("only the initiator starts a call; accept instead");
        if (state != RTCSessionState.NEW) throw new IllegalStateException("the call was already started (" + state + ")");
        media.open();
        setState(RTCSessionState.PENDING);
        List<CompletableFuture<Void>> dials = new ArrayList<>();
        for (long id : header.opponentIds()) dials.add(dial(id, userInfo));
        return all(dials);
    }

    CompletableFuture<Void> accept(Map<String, String> userInfo) throws MediaException {
        if (state != RTCSessionState.NEW || session.isOutgoing()) {
            throw new IllegalStateException("only a ringing incoming call can be accepted (the session is " + state + ")");
        }
        media.open();
        setState(RTCSessionState.CONNECTING);
        cancel(ringTimer);
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (PeerLink link : new ArrayList<>(links.values())) {
            if (link.pendingOffer != null && !link.isClosed()) steps.add(answer(link, userInfo));
        }
        for (long id : session.getParticipants()) {
            if (id != header.callerId() && id < session.getCurrentUserID() && !links.containsKey(id)) steps.add(dial(id, userInfo));
        }
        stats.start();
        return all(steps);
    }

    void reject(Map<String, String> userInfo) {
        if (state != RTCSessionState.NEW || session.isOutgoing()) {
            throw new IllegalStateException("only a ringing incoming call can be rejected (the session is " + state + ")");
        }
        List<Long> tell = new ArrayList<>(List.of(header.callerId()));
        for (Long id : links.keySet()) if (!tell.contains(id)) tell.add(id);
        for (long id : tell) send(id, new CallSignal.Reject(header, userInfo));
        close();
    }

    /** Tells every peer that knows of the session, and closes it. A session closing or closed already: nothing. */
    void hangUp(Map<String, String> userInfo) {
        if (state == RTCSessionState.GOING_TO_CLOSE || state == RTCSessionState.CLOSED) return;
        if (state == RTCSessionState.NEW && !session.isOutgoing()) {
            throw new IllegalStateException("a ringing call is rejected, not hung up");
        }
        for (PeerLink link : links.values()) {
            if (!link.isClosed() && link.reached) send(link.userId, new CallSignal.HangUp(header, userInfo));
        }
        close();
    }

    void update(Map<String, String> userInfo) {
        if (!inCall()) throw new IllegalStateException("only a started call can be updated (the session is " + state + ")");
        for (PeerLink link : links.values()) {
            if (!link.isClosed() && link.reached) send(link.userId, new CallSignal.Update(header, userInfo));
        }
    }

    CompletableFuture<Void> setMaxBandwidth(int kbps) {
        media.maxBandwidthKbps(kbps);
        List<CompletableFuture<Void>> caps = new ArrayList<>();
        for (PeerLink link : links.values()) if (!link.isClosed()) caps.add(link.setMaxBitrate(kbps));
        return all(caps);
    }

    CompletableFuture<RTCStatsReport> stats(long userId) {
        PeerLink link = links.get(userId);
        if (link == null || link.isClosed()) throw new IllegalStateException("no connection with user " + userId);
        return stats.report(link);
    }

    // ---- outgoing and incoming offers ----

    /** Offers a connection to one opponent, then the dialer calls it until it answers or time runs out. */
    private CompletableFuture<Void> dial(long userId, Map<String, String> userInfo) {
        PeerLink link;
        try {
            link = newLink(userId, true);
            link.addLocalMedia(media.require());
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        return link.createOffer().thenAccept(offer -> {
            if (link.isClosed() || !inCall()) return; // hung up while the offer was being made
            link.setState(RTCConnectionState.WAIT);
            dialer.dial(userId, new CallSignal.Call(header, offer, userInfo));
        }).exceptionally(e -> {
            failLink(userId, e);
            return null;
        });
    }

    private CompletableFuture<Void> answer(PeerLink link, Map<String, String> userInfo) {
        String offer = link.pendingOffer;
        link.pendingOffer = null;
        try {
            link.addLocalMedia(media.require());
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        link.setState(RTCConnectionState.CONNECTING);
        return link.answer(offer).thenAccept(sdp -> {
            if (link.isClosed() || !inCall()) return; // the caller gave up while the answer was being made
            send(link.userId, new CallSignal.Accept(header, sdp, userInfo));
            link.startSendingCandidates();
            applyBandwidth(link);
        }).exceptionally(e -> {
            failLink(link.userId, e);
            return null;
        });
    }

    /** The first call of an incoming session: ring until accept, reject or the answer time. */
    void ring(long from, String sdp) {
        onCall(from, sdp);
        ringTimer = scheduler.schedule(() -> {
            if (state != RTCSessionState.NEW) return;
            listeners.client(l -> l.onUserNoActions(session, session.getCurrentUserID()));
            close();
        }, client.config().answerTimeInterval() * 1000L);
    }

    // ---- signals in ----

    void onSignal(long from, CallSignal signal) {
        if (state == RTCSessionState.CLOSED || !session.getParticipants().contains(from)) return;
        PeerLink link = links.get(from);
        if (signal instanceof CallSignal.Call call) {
            onCall(from, call.sdp());
        } else if (signal instanceof CallSignal.Accept accept) {
            onAccept(from, accept);
        } else if (signal instanceof CallSignal.Reject reject) {
            if (!dialer.stop(from)) return;
            listeners.client(l -> l.onCallRejectByUser(session, from, reject.userInfo()));
            closeLink(from, RTCConnectionState.REJECT);
        } else if (signal instanceof CallSignal.HangUp hangUp) {
            onHangUp(from, hangUp.userInfo());
        } else if (signal instanceof CallSignal.Update update) {
            listeners.client(l -> l.onUpdateFromUser(session, from, update.userInfo()));
        } else if (link == null || link.isClosed()) {
            return;
        } else if (signal instanceof CallSignal.IceCandidates candidates) {
            link.addRemoteCandidates(candidates.candidates());
        } else if (signal instanceof CallSignal.IceRestart restart) {
            link.onIceRestart(restart.sdp());
        } else if (signal instanceof CallSignal.IceRestartAccept restartAccept) {
            link.onIceRestartAccept(restartAccept.sdp());
        } else if (signal instanceof CallSignal.Reconnect reconnect) {
            link.onReconnect(reconnect);
        }
    }

    private void onCall(long from, String sdp) {
        PeerLink existing = links.get(from);
        if (existing != null && !existing.isClosed()) return; // a dialing re-send
        PeerLink link;
        try {
            link = newLink(from, false);
        } catch (MediaException e) {
            failLink(from, e);
            return;
        }
        link.pendingOffer = sdp;
        link.reached = true;
        link.setState(RTCConnectionState.PENDING);
        // A mesh call from another opponent: a session in the call accepts it by itself.
        if (state == RTCSessionState.CONNECTING) answer(link, Map.of());
    }

    private void onAccept(long from, CallSignal.Accept accept) {
        PeerLink link = links.get(from);
        if (link == null || link.isClosed() || !dialer.stop(from)) return;
        link.setState(RTCConnectionState.CONNECTING);
        link.acceptAnswer(accept.sdp()).thenRun(() -> {
            link.startSendingCandidates();
            applyBandwidth(link);
        }).exceptionally(e -> {
            failLink(from, e);
            return null;
        });
        if (state == RTCSessionState.PENDING) setState(RTCSessionState.CONNECTING);
        stats.start();
        listeners.client(l -> l.onCallAcceptByUser(session, from, accept.userInfo()));
    }

    private void onHangUp(long from, Map<String, String> userInfo) {
        listeners.client(l -> l.onReceiveHangUpFromUser(session, from, userInfo));
        PeerLink link = links.get(from);
        if (link != null) link.close(RTCConnectionState.HANG_UP);
        if (state == RTCSessionState.NEW && from == header.callerId()) {
            close(); // the caller gave up before we answered
        } else {
            closeLink(from, RTCConnectionState.HANG_UP);
        }
    }

    // ---- the links ----

    private PeerLink newLink(long userId, boolean offerer) throws MediaException {
        PeerLink old = links.get(userId);
        if (old != null) old.close(RTCConnectionState.CLOSED);
        PeerLink link = new PeerLink(this, userId, offerer, scheduler,
                listener -> client.engine().createPeer(client.peerOptions(), listener));
        links.put(userId, link);
        return link;
    }

    private void applyBandwidth(PeerLink link) {
        if (media.maxBandwidthKbps() > 0) link.setMaxBitrate(media.maxBandwidthKbps());
    }

    /** The engine failed a step; a step that failed because the connection was closed meanwhile is no failure. */
    private void failLink(long userId, Throwable error) {
        PeerLink link = links.get(userId);
        if (link != null && link.isClosed()) return;
        client.log("connection with user " + userId + " failed", error);
        closeLink(userId, RTCConnectionState.ERROR);
    }

    private void closeLink(long userId, RTCConnectionState finalState) {
        dialer.stop(userId);
        PeerLink link = links.get(userId);
        if (link != null) link.close(finalState);
        stats.forget(userId);
        if (inCall() && links.values().stream().allMatch(PeerLink::isClosed)) close();
    }

    /** Closes everything: peers, timers, devices. Safe to call more than once. */
    void close() {
        if (state == RTCSessionState.CLOSED || state == RTCSessionState.GOING_TO_CLOSE) return;
        setState(RTCSessionState.GOING_TO_CLOSE);
        listeners.client(l -> l.onSessionStartClose(session));
        dialer.stopAll();
        cancel(ringTimer);
        stats.stop();
        for (PeerLink link : links.values()) link.close(RTCConnectionState.CLOSED);
        media.close();
        setState(RTCSessionState.CLOSED);
        client.sessionClosed(session);
        listeners.client(l -> l.onSessionClosed(session));
    }

    private void setState(RTCSessionState next) {
        if (state == next) return;
        state = next;
        client.debug("session " + header.sessionId() + " is " + next);
        listeners.stateChanged(next);
    }

    // ---- PeerLink.Owner and Dialer.Events ----

    @Override
    public SignalHeader header() {
        return header;
    }

    /** Sends one signal of this session; a failure is logged (re-sends and timeouts cover it). */
    @Override
    public void send(long userId, CallSignal signal) {
        client.send(userId, signal);
    }

    @Override
    public void peerStateChanged(PeerLink link, RTCConnectionState peerState) {
        client.debug("session " + header.sessionId() + ": user " + link.userId + " is " + peerState);
        listeners.peerStateChanged(link.userId, peerState);
    }

    @Override
    public void remoteTrack(PeerLink link, MediaTrack track) {
        listeners.remoteTrack(link.userId, track);
    }

    @Override
    public void disconnectTimedOut(PeerLink link) {
        closeLink(link.userId, RTCConnectionState.CLOSED);
    }

    @Override
    public long disconnectTimeMs() {
        return client.config().disconnectTime() * 1000L;
    }

    @Override
    public void sendCall(long userId, CallSignal.Call call) {
        PeerLink link = links.get(userId);
        if (link != null) link.reached = true;
        send(userId, call);
    }

    @Override
    public void noAnswer(long userId) {
        listeners.client(l -> l.onUserNotAnswer(session, userId));
        // Stop the opponent's ringing too, in case it still rings.
        send(userId, new CallSignal.HangUp(header, Map.of("reason", "no_answer")));
        closeLink(userId, RTCConnectionState.NOT_ANSWER);
    }

    private static CompletableFuture<Void> all(Collection<CompletableFuture<Void>> steps) {
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture[0]));
    }

    private static void cancel(Scheduler.Task task) {
        if (task != null) task.cancel();
    }
}
