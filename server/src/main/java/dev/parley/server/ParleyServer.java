package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.api.ApiSettings;
import dev.parley.api.RestApi;
import dev.parley.api.app.ApplicationService;
import dev.parley.api.http.Routes;
import dev.parley.chat.ChatServer;
import dev.parley.chat.ChatSettings;
import dev.parley.chat.router.CallSignalSender;
import dev.parley.chat.router.SessionRegistry;
import dev.parley.common.json.Json;
import dev.parley.common.limit.ConnectionLimiter;
import dev.parley.common.metrics.Metrics;
import dev.parley.common.net.HttpEndpoint;
import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.common.tls.SelfSignedCertificate;
import dev.parley.push.PushDispatcher;
import dev.parley.storage.Database;
import dev.parley.storage.Storage;
import dev.parley.storage.model.Application;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running Parley: database, REST API, chat, conferences (the Janus API and the media port) and the HTTP and
 * HTTPS listeners. {@link #start} returns once every listener is bound; {@link #close} stops them and releases the
 * database. Tests start several in one JVM.
 */
public final class ParleyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

    private final Path dataDir;
    private final Database database;
    private final Storage storage;
    private final Metrics metrics;
    private final RestApi api;
    private final Vertx vertx;
    /** The HTTP port, then the HTTPS port when it is on. */
    private final List<Integer> ports;
    private final List<Routes.Spec> routes;
    private final Application defaultApplication;
    private final String host;
    private final ChatServer chat;
    private final int xmppPort;
    private final ConferenceModule conferences;
    private final PushModule push;

    private ParleyServer(Path dataDir, Database database, Storage storage, Metrics metrics, RestApi api, Vertx vertx,
                         List<Integer> ports, List<Routes.Spec> routes, Application defaultApplication, String host,
                         ChatServer chat, int xmppPort, ConferenceModule conferences, PushModule push) {
        this.push = push;
        this.chat = chat;
        this.xmppPort = xmppPort;
        this.conferences = conferences;
        this.dataDir = dataDir;
        this.database = database;
        this.storage = storage;
        this.metrics = metrics;
        this.api = api;
        this.vertx = vertx;
        this.ports = ports;
        this.routes = routes;
        this.defaultApplication = defaultApplication;
        this.host = host;
    }

    /** Starts a server with the resolved {@code parley} configuration. */
    public static ParleyServer start(Config config, Clock clock) {
        Path dataDir = DataDirectory.prepare(Path.of(config.getString("data-dir")));
        ServerSettings settings = ServerSettings.from(config);
        Metrics metrics = new Metrics();
        Database database = null;
        RestApi api = null;
        Vertx vertx = null;
        ChatServer chat = null;
        ConferenceModule conferences = null;
        PushModule push = null;
        try {
            database = Database.open(databaseSettings(config), dataDir, metrics.registry());
            DataDirectory.restrictDatabase(dataDir);
            Storage storage = Storage.jdbc(database, clock);
            SessionRegistry sessions = new SessionRegistry();
            ChatSettings chatSettings = ChatSettings.from(config);
            AtomicReference<PushDispatcher> dispatcher = new AtomicReference<>();
            api = new RestApi(ApiSettings.from(config), storage, clock, metrics, database::isHealthy, sessions, sessions,
                    new CallSignalSender(sessions, chatSettings.domain()), () -> {
                        PushDispatcher running = dispatcher.get();
                        if (running != null) {
                            running.wake();
                        }
                    }, TurnSecret.resolve(config.getString("turn.secret"), dataDir));
            Application defaultApplication = writeDefaultApplication(api.applications(), dataDir);

            vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(settings.eventLoops()));
            String host = settings.host();
            PemKeyCertOptions certificate = settings.httpsPort() >= 0 || chatSettings.tcpPort() >= 0
                    ? certificate(config, dataDir, host) : null;
            // One cap per client address over every port; behind a trusted proxy every connection is the proxy's.
            ConnectionLimiter connections = settings.trustForwardedFor() ? null
                    : new ConnectionLimiter(settings.maxConnectionsPerAddress());
            chat = new ChatServer(vertx, chatSettings, sessions,
                    new ChatCredentials(api.sessions(), storage.users(), api.passwordHasher()), storage.offlineMessages(),
                    certificate, host, clock, connections, new CallPushes(api.push(), storage.pushCredentials(),
                            config.getBoolean("push.call-push"), api.workers(), clock, metrics.registry()));
            chat.start();
            ChatServer registered = chat;
            Gauge.builder("parley.chat.sessions", sessions, SessionRegistry::sessionCount)
                    .description("Bound XMPP sessions").register(metrics.registry());
            Gauge.builder("parley.chat.unacked.bytes", () -> registered.unacked().used())
                    .description("Memory held for stanzas clients have not acknowledged (XEP-0198), estimated")
                    .baseUnit("bytes").register(metrics.registry());

            List<WebSocketEndpoint> webSockets = new ArrayList<>(chat.webSocket());
            List<HttpEntry.Mounted> modules = new ArrayList<>();
            int maxWebSocketMessage = 2 * chatSettings.maxStanzaSize();
            if (config.getBoolean("conference.enabled")) {
                conferences = ConferenceModule.start(config, clock, api.sessions(), storage.meetings(), metrics.registry());
                webSockets.add(conferences.webSocket());
                modules.add(mount(vertx, conferences.http(), config.getStringList("http.cors-allowed-origins")));
                maxWebSocketMessage = Math.max(maxWebSocketMessage,
                        2 * Math.toIntExact(config.getBytes("conference.max-message-size")));
            }

            List<Routes.Spec> routes = new ArrayList<>();
            Router router = api.router(vertx, routes);
            // Read by the event loops (the web root asks for the HTTPS port) while the listeners start.
            List<Integer> ports = new CopyOnWriteArrayList<>();
            if (config.getBoolean("web.enabled")) {
                WebRoot.mount(router, config.getString("web.directory"), defaultApplication,
                        () -> ports.size() > 1 ? ports.get(1) : -1);
            }
            HttpEntry entry = new HttpEntry(router, webSockets, modules,
                    new HttpConnectionGuard(vertx, connections, settings.headerTimeout()));
            List<String> subprotocols = webSockets.stream().map(WebSocketEndpoint::subprotocol).toList();
            ports.add(listenHttp(vertx, settings, settings.httpPort(), null, entry, subprotocols, maxWebSocketMessage));
            if (settings.httpsPort() >= 0) {
                ports.add(listenHttp(vertx, settings, settings.httpsPort(), certificate, entry, subprotocols,
                        maxWebSocketMessage));
            }
            Vertx loops = vertx;
            int xmppPort = chat.tcp().map(endpoint -> Listeners.bind(loops, host, endpoint.port(), settings.eventLoops(),
                    endpoint.name(), port -> loops.createNetServer(new NetServerOptions().setHost(host).setPort(port))
                            .connectHandler(endpoint.handler()).listen().map(NetServer::actualPort))).orElse(-1);
            push = PushModule.start(config.getConfig("push"), storage, vertx, clock, metrics.registry());
            dispatcher.set(push.dispatcher());
            long cleanupMillis = config.getDuration("sessions.cleanup-interval").toMillis();
            RestApi cleanupApi = api;
            vertx.setPeriodic(cleanupMillis, id -> cleanupApi.workers().execute(() -> {
                int removed = cleanupApi.deleteExpiredSessions();
                if (removed > 0) {
                    LOG.info("Deleted {} expired sessions", removed);
                }
            }));
            return new ParleyServer(dataDir, database, storage, metrics, api, vertx, ports, routes, defaultApplication, host,
                    chat, xmppPort, conferences, push);
        } catch (RuntimeException e) {
            closeQuietly(push, conferences, chat, vertx, api, database, metrics);
            throw e;
        }
    }

    public int httpPort() {
        return ports.getFirst();
    }

    /** The HTTPS port, or -1 when HTTPS is turned off. */
    public int httpsPort() {
        return ports.size() > 1 ? ports.get(1) : -1;
    }

    /** The XMPP-over-TCP port, or -1 when it is turned off. */
    public int xmppPort() {
        return xmppPort;
    }

    public ChatServer chat() {
        return chat;
    }

    /** The media (UDP) port of conferences, or -1 when they are turned off. */
    public int mediaPort() {
        return conferences == null ? -1 : conferences.mediaAddress().getPort();
    }

    public String host() {
        return host;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Application defaultApplication() {
        return defaultApplication;
    }

    /** Creates and finds applications (tenants) of this server. */
    public ApplicationService applications() {
        return api.applications();
    }

    /** The repositories of the server's database. */
    public Storage storage() {
        return storage;
    }

    public boolean embeddedDatabase() {
        return database.embedded();
    }

    /** Every REST route the router serves. */
    public List<Routes.Spec> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        closeQuietly(push, conferences, chat, vertx, api, database, metrics);
    }

    /**
     * One HTTP (or, with a certificate, HTTPS) port on every event loop: REST, the web root and the modules'
     * WebSockets, through {@link HttpEntry}; returns the port.
     */
    private static int listenHttp(Vertx vertx, ServerSettings settings, int port, PemKeyCertOptions certificate,
                                  HttpEntry entry, List<String> subprotocols, int maxWebSocketMessage) {
        return Listeners.bind(vertx, settings.host(), port, settings.eventLoops(), certificate == null ? "HTTP" : "HTTPS",
                actual -> {
                    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(actual)
                            .setCompressionSupported(true)
                            // HTTP/1.1 only: no browser speaks cleartext HTTP/2, and while Vert.x waits to tell
                            // h2c from HTTP/1 it hands the connection to no handler, so the guard could not
                            // time out a client that sends half a request line.
                            .setHttp2ClearTextEnabled(false)
                            .setIdleTimeout((int) settings.idleTimeout().toSeconds())
                            .setIdleTimeoutUnit(TimeUnit.SECONDS)
                            // Subprotocols are checked per endpoint by HttpEntry; this list is what Vert.x may echo.
                            .setWebSocketSubProtocols(subprotocols)
                            // No WebSocket extension is negotiated, so a frame with RSV1 set is a protocol error
                            // (RFC 6455 §5.2) instead of being taken for a compressed one.
                            .setPerMessageWebSocketCompressionSupported(false)
                            .setPerFrameWebSocketCompressionSupported(false)
                            // Vert.x's own limits sit above the modules' limits, so that the chat server answers an
                            // oversize stanza with its policy-violation stream error, and the Janus API an oversize
                            // request with error 454.
                            .setMaxWebSocketMessageSize(maxWebSocketMessage)
                            .setMaxWebSocketFrameSize(maxWebSocketMessage);
                    if (certificate != null) {
                        options.setSsl(true).setKeyCertOptions(certificate);
                    }
                    HttpConnectionGuard guard = entry.guard();
                    return vertx.createHttpServer(options).connectionHandler(guard::opened).requestHandler(entry)
                            .invalidRequestHandler(HttpEntry::invalid).listen()
                            .map(HttpServer::actualPort);
                });
    }

    /**
     * A module's HTTP routes on a router of their own, behind the CORS policy of the REST API (Janus clients call
     * from web pages of other origins, as they do Janus's HTTP transport).
     */
    private static HttpEntry.Mounted mount(Vertx vertx, HttpEndpoint endpoint, List<String> allowedOrigins) {
        Router router = Router.router(vertx);
        CorsHandler cors = CorsHandler.create().allowedHeaders(Set.of("Content-Type"))
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST)).maxAgeSeconds(86400);
        if (!allowedOrigins.contains("*")) {
            cors.addOrigins(allowedOrigins);
        }
        router.route().handler(cors);
        endpoint.routes().handle(router);
        return new HttpEntry.Mounted(endpoint, router);
    }

    private static PemKeyCertOptions certificate(Config config, Path dataDir, String host) {
        String certificate = config.getString("tls.certificate");
        String key = config.getString("tls.private-key");
        if (certificate.isBlank() != key.isBlank()) {
            throw new IllegalArgumentException("set both parley.tls.certificate and parley.tls.private-key, or neither");
        }
        if (!certificate.isBlank()) {
            return new PemKeyCertOptions().setCertPath(certificate).setKeyPath(key);
        }
        List<String> names = new ArrayList<>(config.getStringList("tls.self-signed-names"));
        names.add(host);
        // XMPP clients check the certificate against the chat domain they log in to.
        names.add(config.getString("chat.domain"));
        names.addAll(config.getStringList("chat.domain-aliases"));
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dataDir.resolve("tls"), names,
                config.getDuration("tls.self-signed-validity"));
        return new PemKeyCertOptions().setCertPath(files.certificate().toString()).setKeyPath(files.privateKey().toString());
    }

    private static Database.Settings databaseSettings(Config config) {
        return new Database.Settings(config.getString("database.url"), config.getString("database.user"),
                config.getString("database.password"), config.getInt("database.pool-size"),
                config.getDuration("database.connection-timeout"));
    }

    /**
     * Creates the default application on an empty database; (re)writes default-app.json, which holds its auth
     * secret, owner-only when it is missing.
     */
    private static Application writeDefaultApplication(ApplicationService applications, Path dataDir) {
        ApplicationService.Created created = applications.ensureDefault();
        Path file = dataDir.resolve("default-app.json");
        if (created.isNew() || !Files.exists(file)) {
            DataDirectory.writeSecret(file, Json.writePretty(ApplicationService.credentials(created.application())) + "\n");
        } else {
            DataDirectory.restrictSecret(file);
        }
        return created.application();
    }

    private static void closeQuietly(PushModule push, ConferenceModule conferences, ChatServer chat, Vertx vertx,
                                     RestApi api, Database database, Metrics metrics) {
        if (push != null) {
            push.close();
        }
        if (conferences != null) {
            try {
                conferences.close();
            } catch (RuntimeException e) {
                LOG.warn("Conferences did not close cleanly", e);
            }
        }
        if (chat != null) {
            chat.close();
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly", e);
            }
        }
        if (api != null) {
            api.close();
        }
        if (database != null) {
            database.close();
        }
        metrics.close();
    }
}
