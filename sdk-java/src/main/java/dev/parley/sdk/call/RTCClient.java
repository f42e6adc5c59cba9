package dev.parley.sdk.call;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.RestIceServers;
import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalHeader;
import dev.parley.sdk.media.IceServerSource;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.PeerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * P2P calls of one logged-in user: makes sessions, receives calls over the chat connection and
 * tells the app through {@link RTCClientSessionCallbacks}.
 *
 * <pre>{@code
 * RTCClient rtc = new RTCClient(rest, chat, engine, new RTCConfig(), new RTCMediaConfig());
 * rtc.addSessionCallbacksListener(callbacks);
 * rtc.prepareToProcessCalls();
 * RTCSession session = rtc.createNewSessionWithOpponents(List.of(bobId), ConferenceType.VIDEO);
 * session.startCall(Map.of());
 * }</pre>
 *
 * <p>Threading: the sessions run on one SDK thread ({@code parley-rtc}), never on a WebRTC thread;
 * every method is safe from any thread. Incoming signals hop from the chat connection's thread onto
 * the SDK thread; outgoing ones are handed to the chat connection without waiting (a full send queue
 * fails the send, which re-sends and timeouts cover). Callbacks run on the executor given to the
 * constructor, by default one SDK thread of their own ({@code parley-rtc-callbacks}), in the order of
 * the events. The sessions are kept in a concurrent map; the sessions that ended, only on the SDK
 * thread. The app owns the {@link MediaEngine} and the chat connection: {@link #destroy()} closes neither.
 *
 * <p>STUN/TURN servers: each new peer connection asks {@link RTCConfig#iceServers()}, or when the config sets
 * none, the client's default: Parley's {@code GET /ice_servers} ({@link RestIceServers}) for a client made with
 * the REST client, no servers otherwise.
 */
public final class RTCClient {

    private static final Logger LOG = LoggerFactory.getLogger(RTCClient.class);
    /** The platform this SDK names in its signals (docs/protocol.md §3.2). */
    static final String PLATFORM = "java";
    private static final int MAX_REMEMBERED_ENDED = 256;
    private static final int DESTROY_WAIT_SECONDS = 5;

    private final SignalChannel signals;
    private final MediaEngine engine;
    private final RTCConfig config;
    private final RTCMediaConfig mediaConfig;
    private final Scheduler scheduler;
    private final IceServerSource iceServers;
    private final Executor callbacks;
    private final ExecutorService ownCallbackThread;
    private final List<RTCClientSessionCallbacks> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, RTCSession> sessions = new ConcurrentHashMap<>();
    /** Sessions that ended here: their late re-sent calls must not ring again. SDK thread only. */
    private final Set<String> ended = new LinkedHashSet<>();
    private volatile boolean destroyed;

    /**
     * A client whose callbacks run on one SDK callback thread, with the STUN/TURN servers of Parley's
     * {@code GET /ice_servers} for {@code rest}'s session (refreshed before they expire) unless {@code config} sets
     * others.
     */
    public RTCClient(ParleyClient rest, SignalChannel signals, MediaEngine engine, RTCConfig config,
                     RTCMediaConfig mediaConfig) {
        this(signals, engine, config, mediaConfig, new SdkThread("parley-rtc"), null, new RestIceServers(rest));
    }

    /** The same with callbacks on {@code callbackExecutor} (e.g. the UI thread's). */
    public RTCClient(ParleyClient rest, SignalChannel signals, MediaEngine engine, RTCConfig config,
                     RTCMediaConfig mediaConfig, Executor callbackExecutor) {
        this(signals, engine, config, mediaConfig, new SdkThread("parley-rtc"), callbackExecutor, new RestIceServers(rest));
    }

    /**
     * A client whose callbacks run on one SDK callback thread, without the REST client: its peer connections use the
     * servers {@code config} sets, none by default (host candidates only).
     */
    public RTCClient(SignalChannel signals, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig) {
        this(signals, engine, config, mediaConfig, new SdkThread("parley-rtc"), null, IceServerSource.of(List.of()));
    }

    /** The same with callbacks on {@code callbackExecutor} (e.g. the UI thread's). */
    public RTCClient(SignalChannel signals, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig,
                     Executor callbackExecutor) {
        this(signals, engine, config, mediaConfig, new SdkThread("parley-rtc"), callbackExecutor, IceServerSource.of(List.of()));
    }

    RTCClient(SignalChannel signals, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig,
              Scheduler scheduler, Executor callbackExecutor) {
        this(signals, engine, config, mediaConfig, scheduler, callbackExecutor, IceServerSource.of(List.of()));
    }

    RTCClient(SignalChannel signals, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig,
              Scheduler scheduler, Executor callbackExecutor, IceServerSource defaultIceServers) {
        this.iceServers = config.iceServers() != null ? config.iceServers() : defaultIceServers;
        this.signals = signals;
        this.engine = engine;
        this.config = new RTCConfig(config);
        this.mediaConfig = new RTCMediaConfig(mediaConfig);
        this.scheduler = scheduler;
        if (callbackExecutor == null) {
            ownCallbackThread = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "parley-rtc-callbacks");
                thread.setDaemon(true);
                return thread;
            });
            callbacks = ownCallbackThread;
        } else {
            ownCallbackThread = null;
            callbacks = callbackExecutor;
        }
    }

    /** Starts receiving calls (signals) on the chat connection. */
    public void prepareToProcessCalls() {
        if (destroyed) throw new IllegalStateException("this client was destroyed");
        signals.setSignalListener((from, signal) -> scheduler.execute(() -> onSignal(from, signal)));
    }

    /**
     * Hangs up every call, stops receiving calls and stops the SDK threads. Called off the SDK
     * thread, it returns once the sessions are closed (at most 5 s), so the engine can be closed next.
     */
    public void destroy() {
        if (destroyed) return;
        destroyed = true;
        signals.setSignalListener(null);
        for (RTCSession session : sessions.values()) session.hangUp(Map.of());
        CountDownLatch done = new CountDownLatch(1);
        scheduler.execute(() -> {
            for (RTCSession session : new ArrayList<>(sessions.values())) session.close();
            scheduler.shutdown();
            if (ownCallbackThread != null) ownCallbackThread.execute(ownCallbackThread::shutdown);
            done.countDown();
        });
        if (scheduler.inThread()) return;
        try {
            if (!done.await(DESTROY_WAIT_SECONDS, TimeUnit.SECONDS)) LOG.warn("the SDK thread did not finish closing the calls");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void addSessionCallbacksListener(RTCClientSessionCallbacks listener) {
        listeners.add(listener);
    }

    public void removeSessionCallbacksListener(RTCClientSessionCallbacks listener) {
        listeners.remove(listener);
    }

    /**
     * A new outgoing call session (not started: open it with {@link RTCSession#startCall}).
     *
     * @throws IllegalArgumentException for no opponents, repeated ids, this user, or more than
     *                                  {@link RTCConfig#maxOpponentsCount()} opponents
     * @throws IllegalStateException    before the chat connection logged in, or after destroy
     */
    public RTCSession createNewSessionWithOpponents(List<Long> opponents, ConferenceType type) {
        if (destroyed) throw new IllegalStateException("this client was destroyed");
        long me = signals.currentUserId();
        if (me <= 0) throw new IllegalStateException("connect to chat first: calls are signalled over the chat connection");
        if (opponents == null || opponents.isEmpty()) throw new IllegalArgumentException("a call needs at least one opponent");
        if (type == null) throw new IllegalArgumentException("the conference type is required");
        Set<Long> distinct = new HashSet<>();
        for (Long id : opponents) {
            if (id == null || id <= 0) throw new IllegalArgumentException("opponent ids must be positive user ids");
            if (id == me) throw new IllegalArgumentException("the caller cannot be one of the opponents");
            if (!distinct.add(id)) throw new IllegalArgumentException("opponent " + id + " is listed twice");
        }
        if (opponents.size() > config.maxOpponentsCount()) {
            throw new IllegalArgumentException("too many opponents (" + opponents.size() + "): a call holds at most "
                    + config.maxOpponentsCount() + " (a mesh of " + RTCConfig.MESH_LIMIT + " people at most)");
        }
        SignalHeader header = new SignalHeader(UUID.randomUUID().toString(), type, me, opponents, PLATFORM);
        RTCSession session = new RTCSession(this, scheduler, header, me, Map.of());
        sessions.put(session.getSessionID(), session);
        return session;
    }

    /** The sessions not closed yet. */
    public List<RTCSession> getSessions() {
        return List.copyOf(sessions.values());
    }

    public RTCConfig config() {
        return config;
    }

    public RTCMediaConfig mediaConfig() {
        return mediaConfig;
    }

    MediaEngine engine() {
        return engine;
    }

    PeerOptions peerOptions() {
        return new PeerOptions(iceServers.iceServers(), mediaConfig.videoCodecs(), mediaConfig.audioCodecs());
    }

    // ---- signals in (SDK thread) ----

    void onSignal(long from, CallSignal signal) {
        String id = signal.header().sessionId();
        debug("signal " + signal.type().wireName() + " of " + id + " from " + from);
        RTCSession session = sessions.get(id);
        if (session != null) {
            session.onSignal(from, signal);
        } else if (signal instanceof CallSignal.Call call) {
            onIncomingCall(from, call);
        }
    }

    private void onIncomingCall(long from, CallSignal.Call call) {
        long me = signals.currentUserId();
        SignalHeader received = call.header();
        if (me <= 0 || ended.contains(received.sessionId())) return;
        List<Long> opponents = received.opponentIds();
        if (!opponents.contains(me) || opponents.size() + 1 > RTCConfig.MESH_LIMIT) return;
        long callerId = received.callerId() > 0 ? received.callerId() : from;
        SignalHeader header = new SignalHeader(received.sessionId(), received.callType(), callerId, opponents, PLATFORM);
        if (config.autoRejectWhenBusy() && isBusy()) {
            remember(header.sessionId());
            send(from, new CallSignal.Reject(header, Map.of("busy", "true")));
            return;
        }
        RTCSession session = new RTCSession(this, scheduler, header, me, call.userInfo());
        sessions.put(header.sessionId(), session);
        session.ring(from, call.sdp());
        emit(l -> l.onReceiveNewSession(session));
    }

    private boolean isBusy() {
        return sessions.values().stream().anyMatch(s -> s.getState() == RTCSessionState.PENDING
                || s.getState() == RTCSessionState.CONNECTING);
    }

    private void remember(String id) {
        ended.add(id);
        if (ended.size() > MAX_REMEMBERED_ENDED) {
            Iterator<String> oldest = ended.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    // ---- for the sessions ----

    void sessionClosed(RTCSession session) {
        sessions.remove(session.getSessionID());
        remember(session.getSessionID());
    }

    /** Hands a signal to the channel, which never blocks; one not sent is logged (re-sends and timeouts cover it). */
    void send(long userId, CallSignal signal) {
        String type = signal.type().wireName();
        if (config.debugEnabled()) LOG.info("-> {} {}", userId, type);
        try {
            signals.send(userId, signal).exceptionally(e -> {
                LOG.debug("{} to {} not sent: {}", type, userId, e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("{} to {} not sent: the signal channel threw {}", type, userId, e.toString());
        }
    }

    void emit(Consumer<RTCClientSessionCallbacks> event) {
        for (RTCClientSessionCallbacks listener : listeners) callback(() -> event.accept(listener));
    }

    /** Runs an app callback on the callback executor; one that throws is logged, nothing more. */
    void callback(Runnable callback) {
        try {
            callbacks.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("an app callback threw", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("callback dropped: {}", e.toString());
        }
    }

    void debug(String message) {
        if (config.debugEnabled()) LOG.info(message);
        else LOG.debug(message);
    }

    void log(String message, Throwable error) {
        LOG.warn("{}: {}", message, error.toString());
        LOG.debug(message, error);
    }
}
