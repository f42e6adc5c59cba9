package dev.parley.chat;

import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.chat.router.CallSignalObserver;
import dev.parley.chat.router.SessionRegistry;
import dev.parley.chat.router.StanzaRouter;
import dev.parley.chat.session.ChatContext;
import dev.parley.chat.session.LoginCheck;
import dev.parley.chat.transport.StartTls;
import dev.parley.chat.transport.Transports;
import dev.parley.chat.session.UnackedBudget;
import dev.parley.common.limit.ConnectionLimiter;
import dev.parley.common.limit.RateLimiter;
import dev.parley.common.net.TcpEndpoint;
import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.storage.OfflineMessageRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Parley's XMPP server (docs/protocol.md §3): XMPP over WebSocket (RFC 7395) at {@code /xmpp} of the HTTP
 * ports, and over TCP (RFC 6120) on its own port. The server module binds both from {@link #webSocket()} and
 * {@link #tcp()}; this class owns the sessions and the shared state they use.
 */
public final class ChatServer implements AutoCloseable {

    /** Clients the login limiters keep a bucket for at once (least recently seen forgotten first). */
    private static final int TRACKED_LOGIN_KEYS = 100_000;

    private final Vertx vertx;
    private final ChatSettings settings;
    private final ChatContext context;
    private final StartTls tls;
    private final OfflineMessageRepository offline;
    private final ConnectionLimiter connections;
    private long cleanupTimer = -1;

    /**
     * @param registry    the session registry, created first because the REST API reads it too
     * @param certificate what STARTTLS serves; null offers no STARTTLS
     * @param connections the per-address cap that XMPP-over-TCP connections count against (shared with the
     *                    HTTP ports), or null for none
     * @param callSignals told of the call signals passed between users (the server's call push)
     */
    public ChatServer(Vertx vertx, ChatSettings settings, SessionRegistry registry, ChatAuthenticator authenticator,
                      OfflineMessageRepository offline, KeyCertOptions certificate, String host, Clock clock,
                      ConnectionLimiter connections, CallSignalObserver callSignals) {
        this.vertx = vertx;
        this.connections = connections;
        this.settings = settings;
        this.offline = offline;
        this.tls = StartTls.of(vertx, certificate);
        this.context = new ChatContext(vertx, settings, clock, registry,
                new StanzaRouter(registry, offline, settings, clock, callSignals),
                new LoginCheck(authenticator,
                        new RateLimiter(clock, settings.authFailureBurst(), settings.authFailuresPerSecond(), TRACKED_LOGIN_KEYS),
                        new RateLimiter(clock, settings.accountFailureBurst(), settings.accountFailuresPerSecond(), TRACKED_LOGIN_KEYS)),
                new UnackedBudget(settings.maxUnackedBytesPerUser(), settings.maxUnackedBytesTotal()),
                localNames(settings, host));
    }

    /** Starts the expiry of offline messages. */
    public void start() {
        cleanupTimer = vertx.setPeriodic(TimeUnit.HOURS.toMillis(1), id -> vertx.executeBlocking(() ->
                offline.deleteOlderThan(context.clock().instant().minus(settings.offlineTtl())), false));
    }

    /** XMPP over WebSocket (RFC 7395: subprotocol {@code xmpp}) at {@code /xmpp}, unless turned off. */
    public List<WebSocketEndpoint> webSocket() {
        return settings.websocket()
                ? List.of(new WebSocketEndpoint("/xmpp", "xmpp", this::accept))
                : List.of();
    }

    /** XMPP over TCP on its port, unless turned off ({@code tcp-port = -1}). */
    public Optional<TcpEndpoint> tcp() {
        return settings.tcpPort() < 0 ? Optional.empty()
                : Optional.of(new TcpEndpoint("XMPP", settings.tcpPort(), socket -> Transports.acceptTcp(context, socket, tls,
                        connections)));
    }

    /** Takes over a WebSocket upgraded on {@code /xmpp} (RFC 7395). */
    public void accept(ServerWebSocket socket) {
        Transports.acceptWebSocket(context, socket);
    }

    /** Stanzas kept for clients that have not acknowledged them (XEP-0198), for metrics and tests. */
    public UnackedBudget unacked() {
        return context.unacked();
    }

    /** The live sessions: who is online, and where revoked tokens and deleted users are disconnected. */
    public SessionRegistry registry() {
        return context.registry();
    }

    @Override
    public void close() {
        if (cleanupTimer >= 0) {
            vertx.cancelTimer(cleanupTimer);
        }
    }

    /** RFC 6120 §4.7.2: the names a client may address its stream to. */
    private static Set<String> localNames(ChatSettings settings, String host) {
        Set<String> names = new HashSet<>();
        names.add(settings.domain().toLowerCase(Locale.ROOT));
        settings.domainAliases().forEach(a -> names.add(a.toLowerCase(Locale.ROOT)));
        names.add("localhost");
        names.add(host.toLowerCase(Locale.ROOT));
        try {
            names.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            // no resolvable host name; the other names remain
        }
        return Set.copyOf(names);
    }
}
