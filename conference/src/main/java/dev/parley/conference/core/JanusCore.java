package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.time.Scheduler;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.auth.ConferenceAuth;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.janus.Envelope;
import dev.parley.conference.janus.JanusError;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.JanusRequest;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The Janus core (Janus's {@code janus.c}, docs/protocol.md §4.2): checks each request's token, finds the session and
 * handle it addresses, keeps sessions alive or times them out, and hands {@code message}s to the plugin. A session
 * belongs to its token's user and application; to anyone else its id is "No such session" (458), as if it did not
 * exist. A detached handle's session gets a {@code detached} event after the answer, as from Janus's ICE loop. Every
 * session has a keepalive timer: a session with no request (or long poll) for the session timeout gets
 * {@code {"janus":"timeout"}} and is destroyed, its handles detached and the plugin told.
 *
 * <p>Threading: all state is confined to {@code core}, a serial executor; token checks (blocking, remembered for a
 * short while: {@link TokenChecks}) run on {@code blocking} and come back to it. {@link #process}, {@link #poll} and {@link #closed} may be called from any thread;
 * answers and events are delivered on {@code core}, in order.
 */
public final class JanusCore {

    private static final Logger LOG = LoggerFactory.getLogger(JanusCore.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Ids stay below 2^53 so that JavaScript clients read them exactly. */
    private static final long MAX_ID = 1L << 53;

    private record Owner(long applicationId, long userId) {
    }

    private final ConferenceSettings settings;
    private final TokenChecks tokens;
    private final Plugin plugin;
    private final Scheduler scheduler;
    private final Executor core;
    private final Map<Long, JanusSession> sessions = new HashMap<>();
    private final Map<Long, JanusHandle> handles = new HashMap<>();
    private final Map<Owner, Integer> sessionsPerUser = new HashMap<>();
    /** The number of sessions, for metrics on other threads. */
    private volatile int sessionCount;
    private final Connection longPoll = new Connection() {
        @Override
        public EventSink open(long sessionId) {
            return new LongPollQueue(settings.maxQueuedEvents(), settings.longPollWait(), scheduler, core,
                    () -> overflowed(sessionId));
        }

        @Override
        public int sessions() {
            return 0;
        }
    };

    /**
     * @param core     the serial executor the core's state lives on
     * @param blocking where token checks run (they read the database)
     */
    public JanusCore(ConferenceSettings settings, ConferenceAuth auth, Plugin plugin, Scheduler scheduler, Executor core,
                     Executor blocking) {
        this.settings = settings;
        this.tokens = new TokenChecks(auth, settings.tokenRecheckInterval(), scheduler, core, blocking);
        this.plugin = plugin;
        this.scheduler = scheduler;
        this.core = core;
    }

    /** Janus sessions open now; readable from any thread. */
    public int sessionCount() {
        return sessionCount;
    }

    /** The connection HTTP requests come on: sessions created over it queue their events for long polls. */
    public Connection longPoll() {
        return longPoll;
    }

    /** Answers a request that came over {@code from}; {@code reply} gets the answer on the core's executor. */
    public void process(JanusRequest request, Connection from, Consumer<JanusMessage> reply) {
        Envelope envelope = request.envelope();
        switch (request) {
            case JanusRequest.Info info -> core.execute(() -> reply.accept(new JanusMessage.ServerInfo(
                    envelope.transaction(), serverInfo())));
            case JanusRequest.Ping ping -> core.execute(() -> reply.accept(new JanusMessage.Pong(envelope.transaction())));
            default -> verify(envelope.token(), envelope.transaction(), envelope.sessionId(), reply::accept,
                    user -> dispatch(request, user, from, reply));
        }
    }

    /**
     * An HTTP long poll ({@code GET /janus/{session}}): counts as a keepalive and returns up to {@code maxEvents}
     * events, or waits for one, or gives a keepalive after the long-poll wait.
     */
    public void poll(long sessionId, String token, int maxEvents, Consumer<PollOutcome> done) {
        verify(token, null, sessionId, error -> done.accept(new PollOutcome.Refused(
                error.code() == JanusError.UNAUTHORIZED.code() ? 403 : 503, error)), user -> {
            JanusSession session = sessions.get(sessionId);
            if (session == null || !session.ownedBy(user) || !(session.sink() instanceof LongPollQueue queue)) {
                done.accept(new PollOutcome.Refused(404, noSuchSession(null, sessionId)));
                return;
            }
            touch(session);
            queue.poll(maxEvents, messages -> done.accept(new PollOutcome.Events(messages)));
        });
    }

    /** A connection closed: its sessions are destroyed, as Janus does when a WebSocket goes away. */
    public void closed(Connection connection) {
        core.execute(() -> {
            for (JanusSession session : new ArrayList<>(sessions.values())) {
                if (session.connection() == connection) {
                    destroy(session);
                }
            }
        });
    }

    /** Destroys every session (server shutdown); completes once they are gone. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        core.execute(() -> {
            new ArrayList<>(sessions.values()).forEach(this::destroy);
            done.complete(null);
        });
        return done;
    }

    private void verify(String token, String transaction, long sessionId, Consumer<JanusMessage.Error> refuse,
                        Consumer<ConferenceUser> then) {
        core.execute(() -> {
            if (token == null || token.isEmpty()) {
                refuse.accept(unauthorized(transaction, sessionId, "no token"));
                return;
            }
            tokens.check(token, result -> {
                switch (result) {
                    case ConferenceAuth.Verified verified -> then.accept(verified.user());
                    case ConferenceAuth.Rejected rejected -> refuse.accept(unauthorized(transaction, sessionId, rejected.reason()));
                    case ConferenceAuth.Unavailable unavailable -> refuse.accept(unavailable(transaction, sessionId));
                }
            });
        });
    }

    private void dispatch(JanusRequest request, ConferenceUser user, Connection from, Consumer<JanusMessage> reply) {
        Envelope envelope = request.envelope();
        if (request instanceof JanusRequest.Create) {
            create(envelope, user, from, reply);
            return;
        }
        JanusSession session = sessions.get(envelope.sessionId());
        if (session == null || !session.ownedBy(user)) {
            reply.accept(noSuchSession(envelope.transaction(), envelope.sessionId()));
            return;
        }
        touch(session);
        JanusHandle handle = null;
        if (envelope.handleId() > 0) {
            handle = session.handles().get(envelope.handleId());
            if (handle == null) {
                reply.accept(error(envelope, JanusError.HANDLE_NOT_FOUND,
                        "No such handle " + envelope.handleId() + " in session " + envelope.sessionId()));
                return;
            }
        }
        switch (request) {
            case JanusRequest.Keepalive k -> reply.accept(new JanusMessage.Ack(envelope.transaction(), session.id()));
            case JanusRequest.Attach attach -> attach(attach, session, reply);
            case JanusRequest.Destroy d -> {
                destroy(session);
                reply.accept(new JanusMessage.Success(envelope.transaction(), session.id(), null));
            }
            case JanusRequest.Claim c -> claim(envelope, session, from, reply);
            case JanusRequest.Message message -> message(message, handle, reply);
            case JanusRequest.Trickle t -> reply.accept(new JanusMessage.Ack(envelope.transaction(), session.id()));
            case JanusRequest.Detach d -> {
                detach(session, handle);
                reply.accept(new JanusMessage.Success(envelope.transaction(), session.id(), null));
                session.send(new JanusMessage.Detached(session.id(), handle.handleId()));
            }
            case JanusRequest.Hangup h -> {
                plugin.hangup(handle);
                reply.accept(new JanusMessage.Success(envelope.transaction(), session.id(), null));
            }
            case JanusRequest.Create c -> throw new IllegalStateException("create is handled above");
            case JanusRequest.Info i -> throw new IllegalStateException("info needs no session");
            case JanusRequest.Ping p -> throw new IllegalStateException("ping needs no session");
        }
    }

    private void create(Envelope envelope, ConferenceUser user, Connection from, Consumer<JanusMessage> reply) {
        if (from.sessions() >= settings.maxSessionsPerConnection()) {
            reply.accept(error(envelope, JanusError.NOT_ACCEPTING_SESSIONS, "Too many sessions on this connection"
                    + " (at most " + settings.maxSessionsPerConnection() + ")"));
            return;
        }
        Owner owner = new Owner(user.applicationId(), user.userId());
        if (sessionsPerUser.getOrDefault(owner, 0) >= settings.maxSessionsPerUser()) {
            reply.accept(error(envelope, JanusError.NOT_ACCEPTING_SESSIONS, "Too many sessions for this user"
                    + " (at most " + settings.maxSessionsPerUser() + ")"));
            return;
        }
        long id = newId(sessions);
        JanusSession session = new JanusSession(id, user);
        session.liveOn(from, from.open(id));
        sessions.put(id, session);
        sessionCount = sessions.size();
        sessionsPerUser.merge(owner, 1, Integer::sum);
        touch(session);
        reply.accept(new JanusMessage.Success(envelope.transaction(), 0, NODES.objectNode().put("id", id)));
    }

    private void attach(JanusRequest.Attach attach, JanusSession session, Consumer<JanusMessage> reply) {
        Envelope envelope = attach.envelope();
        if (!plugin.name().equals(attach.plugin())) {
            reply.accept(error(envelope, JanusError.PLUGIN_NOT_FOUND, "No such plugin '" + attach.plugin() + "'"));
            return;
        }
        if (session.handles().size() >= settings.maxHandlesPerSession()) {
            reply.accept(error(envelope, JanusError.PLUGIN_ATTACH, "Couldn't attach to plugin: too many handles in"
                    + " this session (at most " + settings.maxHandlesPerSession() + ")"));
            return;
        }
        long id = newId(handles);
        JanusHandle handle = new JanusHandle(id, session, plugin.name(), core);
        session.handles().put(id, handle);
        handles.put(id, handle);
        plugin.attached(handle);
        reply.accept(new JanusMessage.Success(envelope.transaction(), session.id(), NODES.objectNode().put("id", id)));
    }

    private void claim(Envelope envelope, JanusSession session, Connection from, Consumer<JanusMessage> reply) {
        if (session.connection() != from) {
            if (from.sessions() >= settings.maxSessionsPerConnection()) {
                reply.accept(error(envelope, JanusError.NOT_ACCEPTING_SESSIONS, "Too many sessions on this connection"
                        + " (at most " + settings.maxSessionsPerConnection() + ")"));
                return;
            }
            session.liveOn(from, from.open(session.id()));
        }
        reply.accept(new JanusMessage.Success(envelope.transaction(), session.id(), null));
    }

    private void message(JanusRequest.Message message, JanusHandle handle, Consumer<JanusMessage> reply) {
        Envelope envelope = message.envelope();
        SessionDescription description = null;
        if (message.jsep() != null) {
            try {
                description = SdpParser.parse(message.jsep().sdp());
            } catch (SdpException e) {
                reply.accept(error(envelope, JanusError.JSEP_INVALID_SDP, "JSEP error: invalid SDP (" + e.getMessage() + ")"));
                return;
            }
        }
        plugin.message(handle, new PluginRequest(envelope.transaction(), envelope.sessionId(), handle.handleId(),
                plugin.name(), message.body(), message.jsep(), description, core, reply));
    }

    private void detach(JanusSession session, JanusHandle handle) {
        session.handles().remove(handle.handleId());
        handles.remove(handle.handleId());
        handle.detach();
        plugin.detached(handle);
    }

    private void touch(JanusSession session) {
        long mark = session.used();
        session.resetTimeout(scheduler.schedule(() -> core.execute(() -> {
            if (sessions.get(session.id()) == session && !session.usedSince(mark)) {
                LOG.debug("Session {} timed out", session.id());
                session.send(new JanusMessage.Timeout(session.id()));
                destroy(session);
            }
        }), settings.sessionTimeout()));
    }

    private void overflowed(long sessionId) {
        JanusSession session = sessions.get(sessionId);
        if (session != null) {
            LOG.warn("Session {} stopped polling: more than {} events waited, destroying it", sessionId,
                    settings.maxQueuedEvents());
            destroy(session);
        }
    }

    private void destroy(JanusSession session) {
        boolean removed = sessions.remove(session.id()) == session;
        sessionCount = sessions.size();
        if (!removed) {
            return;
        }
        sessionsPerUser.computeIfPresent(new Owner(session.user().applicationId(), session.user().userId()),
                (owner, count) -> count > 1 ? count - 1 : null);
        session.cancelTimeout();
        for (JanusHandle handle : session.removeHandles()) {
            handles.remove(handle.handleId());
            handle.detach();
            plugin.detached(handle);
        }
        session.sink().close();
    }

    private ObjectNode serverInfo() {
        String version = JanusCore.class.getPackage().getImplementationVersion();
        ObjectNode info = NODES.objectNode()
                .put("name", "Parley")
                .put("version_string", version == null ? "development" : version)
                .put("author", "Parley")
                .put("session-timeout", settings.sessionTimeout().toSeconds())
                .put("ice-lite", true)
                .put("data_channels", false);
        info.putObject("plugins").set(plugin.name(), plugin.info());
        return info;
    }

    private static long newId(Map<Long, ?> taken) {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong(1, MAX_ID);
        } while (taken.containsKey(id));
        return id;
    }

    private static JanusMessage.Error error(Envelope envelope, JanusError error, String reason) {
        return new JanusMessage.Error(envelope.transaction(), envelope.sessionId(), error.code(), reason);
    }

    private static JanusMessage.Error noSuchSession(String transaction, long sessionId) {
        return new JanusMessage.Error(transaction, sessionId, JanusError.SESSION_NOT_FOUND.code(),
                "No such session " + sessionId);
    }

    private static JanusMessage.Error unauthorized(String transaction, long sessionId, String why) {
        return new JanusMessage.Error(transaction, sessionId, JanusError.UNAUTHORIZED.code(),
                JanusError.UNAUTHORIZED.reason() + " (" + why + ")");
    }

    private static JanusMessage.Error unavailable(String transaction, long sessionId) {
        return new JanusMessage.Error(transaction, sessionId, JanusError.UNKNOWN.code(),
                "Parley cannot check tokens right now; try again");
    }
}
