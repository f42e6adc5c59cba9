package dev.parley.sdk.conference;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.RestIceServers;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.Scheduler;
import dev.parley.sdk.call.SdkThread;
import dev.parley.sdk.media.IceServerSource;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.PeerOptions;

/**
 * The conference client (ConnectyCube's {@code ConferenceClient} API): makes {@link ConferenceSession}s, each one Janus session
 * on Parley's {@code /janus} WebSocket, authenticated with the user's REST session token (docs/protocol.md §4).
 *
 * <pre>{@code
 * ConferenceClient conference = new ConferenceClient(settings, rest.token(), engine, new RTCConfig(), new RTCMediaConfig());
 * ConferenceSession session = conference.createCallSession(me.id(), ConferenceType.VIDEO).get();
 * }</pre>
 *
 * <p>It uses {@link RTCConfig}'s ICE servers (by default, for a client of Parley made with the session token, the
 * server's {@code GET /ice_servers}, refreshed before they expire; none for a Janus URL given directly) and stats interval and {@link RTCMediaConfig}'s camera format, codecs
 * and bandwidth cap. Threading: sessions run on one SDK thread ({@code parley-conference}); callbacks on the executor
 * given, by default one callback thread ({@code parley-conference-callbacks}). Every method is safe from any thread.
 * The app owns the engine: close it after {@link #destroy()}.
 */
public final class ConferenceClient {

    /** How long a Janus request may wait for its answer. */
    static final long ANSWER_TIMEOUT_MS = 20_000;
    /** How long joinDialog may take in all (join, publish) before it fails. */
    static final long JOIN_TIMEOUT_MS = 30_000;

    /** Opens a Janus session for a new conference session. */
    @FunctionalInterface
    interface Connector {
        CompletableFuture<? extends JanusConnection> connect(Scheduler thread);
    }

    private final Connector connector;
    private final MediaEngine engine;
    private final RTCConfig config;
    private final RTCMediaConfig mediaConfig;
    private final Scheduler thread;
    private final Executor callbacks;
    private final ExecutorService ownCallbackThread;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<ConferenceSession> sessions = ConcurrentHashMap.newKeySet();
    private final long joinTimeoutMs;
    private final IceServerSource iceServers;

    /** A client whose callbacks run on one SDK callback thread. */
    public ConferenceClient(ParleySettings settings, String token, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig) {
        this(settings, token, engine, config, mediaConfig, null);
    }

    /** A client whose callbacks run on {@code callbackExecutor} (e.g. the UI thread's); null for an SDK callback thread. */
    public ConferenceClient(ParleySettings settings, String token, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig,
                            Executor callbackExecutor) {
        this(webSocketConnector(http(settings), requireToken(token), janusUrl(settings)), engine, config, mediaConfig,
                new SdkThread("parley-conference"), callbackExecutor, JOIN_TIMEOUT_MS,
                new RestIceServers(new ParleyClient(settings, token)));
    }

    /**
     * A client of a Janus WebSocket given directly ({@code ws://host:port/janus} of Parley, or of any server that
     * speaks the Janus API), with a plain (or default-trust TLS) connection; callbacks on {@code callbackExecutor},
     * null for an SDK callback thread. {@code token} may be null for a Janus without token authentication.
     */
    public ConferenceClient(URI janusUrl, String token, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig,
                            Executor callbackExecutor) {
        this(webSocketConnector(HttpClient.newBuilder().connectTimeout(Duration.ofMillis(ANSWER_TIMEOUT_MS)).build(), token, janusUrl),
                engine, config, mediaConfig, new SdkThread("parley-conference"), callbackExecutor, JOIN_TIMEOUT_MS,
                IceServerSource.of(List.of()));
    }

    ConferenceClient(Connector connector, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig, Scheduler thread,
                     Executor callbackExecutor, long joinTimeoutMs) {
        this(connector, engine, config, mediaConfig, thread, callbackExecutor, joinTimeoutMs, IceServerSource.of(List.of()));
    }

    ConferenceClient(Connector connector, MediaEngine engine, RTCConfig config, RTCMediaConfig mediaConfig, Scheduler thread,
                     Executor callbackExecutor, long joinTimeoutMs, IceServerSource defaultIceServers) {
        this.iceServers = config.iceServers() != null ? config.iceServers() : defaultIceServers;
        if (engine == null) throw new IllegalArgumentException("a media engine is needed");
        this.connector = java.util.Objects.requireNonNull(connector, "connector");
        this.engine = engine;
        this.config = config;
        this.mediaConfig = mediaConfig;
        this.thread = thread;
        this.joinTimeoutMs = joinTimeoutMs;
        if (callbackExecutor == null) {
            ownCallbackThread = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, "parley-conference-callbacks");
                t.setDaemon(true);
                return t;
            });
            callbacks = ownCallbackThread;
        } else {
            ownCallbackThread = null;
            callbacks = callbackExecutor;
        }
    }

    /** Parley's Janus WebSocket: the REST base's host with {@code ws://} (or {@code wss://} for https) and {@code /janus}. */
    public static URI janusUrl(ParleySettings settings) {
        URI api = settings.apiUrl();
        return URI.create(("https".equals(api.getScheme()) ? "wss" : "ws") + "://" + api.getRawAuthority() + "/janus");
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("a session token is needed (log in first)");
        return token;
    }

    private static HttpClient http(ParleySettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(ANSWER_TIMEOUT_MS));
        if (settings.sslContext() != null) builder.sslContext(settings.sslContext());
        return builder.build();
    }

    private static Connector webSocketConnector(HttpClient http, String token, URI janus) {
        ObjectMapper json = new ObjectMapper();
        return thread -> JanusClient.connect(http, janus, token, json, thread, ANSWER_TIMEOUT_MS);
    }

    /**
     * A new session for this user ({@code userId} is the participant id it publishes under; Parley checks it is the
     * token's user's to take, docs/protocol.md §4.5) with its Janus session open; join a room with
     * {@link ConferenceSession#joinDialog}.
     */
    public CompletableFuture<ConferenceSession> createCallSession(long userId, ConferenceType callType) {
        if (userId <= 0) return CompletableFuture.failedFuture(new IllegalArgumentException("a user id is needed"));
        if (callType == null) return CompletableFuture.failedFuture(new IllegalArgumentException("a call type is needed"));
        return connector.connect(thread).thenApplyAsync(janus -> {
            ConferenceSession session = new ConferenceSession(this, janus, userId, callType);
            sessions.add(session);
            return session;
        }, thread);
    }

    /**
     * Leaves every session of this client, then stops its threads (the engine stays the app's to close); completes
     * when that is done (each leave is bounded by the Janus answer timeout).
     */
    public CompletableFuture<Void> destroy() {
        CompletableFuture<?>[] leaving = sessions.stream().map(ConferenceSession::leave).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(leaving).handle((ok, error) -> {
            thread.shutdown();
            if (ownCallbackThread != null) ownCallbackThread.shutdown();
            return null;
        });
    }

    void forget(ConferenceSession session) {
        sessions.remove(session);
    }

    Scheduler thread() {
        return thread;
    }

    Executor callbacks() {
        return callbacks;
    }

    ObjectMapper json() {
        return json;
    }

    MediaEngine engine() {
        return engine;
    }

    RTCConfig config() {
        return config;
    }

    RTCMediaConfig mediaConfig() {
        return mediaConfig;
    }

    long joinTimeoutMs() {
        return joinTimeoutMs;
    }

    PeerOptions peerOptions() {
        return new PeerOptions(iceServers.iceServers(), mediaConfig.videoCodecs(), mediaConfig.audioCodecs(),
                mediaConfig.simulcast() ? PeerOptions.MAX_VIDEO_LAYERS : 1);
    }
}
