package dev.parley.chat;

import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.chat.router.SessionRegistry;
import dev.parley.chat.router.StanzaRouter;
import dev.parley.chat.session.ChatContext;
import dev.parley.chat.transport.Transports;
import dev.parley.common.limit.RateLimiter;
import dev.parley.storage.OfflineMessageRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Parley's XMPP server (docs/protocol.md §3): XMPP over TCP on its own port, and over WebSocket on the HTTP
 * listeners' {@code /xmpp} path (the server module hands those WebSockets to {@link #accept}).
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

    private final Vertx vertx;
    private final ChatSettings settings;
    private final ChatContext context;
    private final ServerSSLOptions tls;
    private final OfflineMessageRepository offline;
    private NetServer tcp;
    private long cleanupTimer = -1;

    /**
     * @param registry    the session registry, created first because the REST API reads it too
     * @param certificate what STARTTLS serves; null offers no STARTTLS
     */
    public ChatServer(Vertx vertx, ChatSettings settings, SessionRegistry registry, ChatAuthenticator authenticator,
                      OfflineMessageRepository offline, KeyCertOptions certificate, String host, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.offline = offline;
        this.tls = certificate == null ? null : new ServerSSLOptions().setKeyCertOptions(certificate);
        this.context = new ChatContext(vertx, settings, clock, registry,
                new StanzaRouter(registry, offline, settings, clock), authenticator,
                new RateLimiter(clock, settings.authFailureBurst(), settings.authFailuresPerSecond(), 100_000),
                localNames(settings, host));
    }

    /** Starts the TCP listener (unless turned off) and the offline-message expiry; returns the TCP port or -1. */
    public int start(String host) {
        cleanupTimer = vertx.setPeriodic(TimeUnit.HOURS.toMillis(1), id -> vertx.executeBlocking(() ->
                offline.deleteOlderThan(context.clock().instant().minus(settings.offlineTtl())), false));
        if (settings.tcpPort() < 0) {
            return -1;
        }
        NetServerOptions options = new NetServerOptions().setHost(host).setPort(settings.tcpPort());
        try {
            tcp = vertx.createNetServer(options)
                    .connectHandler(socket -> Transports.acceptTcp(context, socket, tls))
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for XMPP on " + host + ":" + settings.tcpPort() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        LOG.debug("XMPP over TCP on port {}", tcp.actualPort());
        return tcp.actualPort();
    }

    /** Takes over a WebSocket upgraded on {@code /xmpp} (RFC 7395). */
    public void accept(ServerWebSocket socket) {
        Transports.acceptWebSocket(context, socket);
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
        if (tcp != null) {
            tcp.close();
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
