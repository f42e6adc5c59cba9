package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.api.ApiSettings;
import dev.parley.api.RestApi;
import dev.parley.api.app.ApplicationService;
import dev.parley.api.http.Routes;
import dev.parley.common.json.Json;
import dev.parley.common.metrics.Metrics;
import dev.parley.common.tls.SelfSignedCertificate;
import dev.parley.storage.Database;
import dev.parley.storage.Storage;
import dev.parley.storage.model.Application;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running Parley: database, REST API and the HTTP and HTTPS listeners. {@link #start} returns once every
 * listener is bound; {@link #close} stops them and releases the database. Tests start several in one JVM.
 */
public final class ParleyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Database database;
    private final Metrics metrics;
    private final RestApi api;
    private final Vertx vertx;
    private final List<HttpServer> listeners;
    private final List<Routes.Spec> routes;
    private final Application defaultApplication;
    private final String host;

    private ParleyServer(Path dataDir, Database database, Metrics metrics, RestApi api, Vertx vertx,
                         List<HttpServer> listeners, List<Routes.Spec> routes, Application defaultApplication, String host) {
        this.dataDir = dataDir;
        this.database = database;
        this.metrics = metrics;
        this.api = api;
        this.vertx = vertx;
        this.listeners = listeners;
        this.routes = routes;
        this.defaultApplication = defaultApplication;
        this.host = host;
    }

    /** Starts a server with the resolved {@code parley} configuration. */
    public static ParleyServer start(Config config, Clock clock) {
        Path dataDir = Path.of(config.getString("data-dir")).toAbsolutePath().normalize();
        createDirectories(dataDir);
        Metrics metrics = new Metrics();
        Database database = null;
        RestApi api = null;
        Vertx vertx = null;
        try {
            database = Database.open(databaseSettings(config), dataDir, metrics.registry());
            Storage storage = Storage.jdbc(database, clock);
            api = new RestApi(ApiSettings.from(config), storage, clock, metrics, database::isHealthy);
            Application defaultApplication = writeDefaultApplication(api.applications(), dataDir);

            vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
            List<Routes.Spec> routes = new ArrayList<>();
            Router router = api.router(vertx, routes);
            String host = config.getString("http.host");
            List<HttpServer> listeners = new ArrayList<>();
            listeners.add(listen(vertx, router, new HttpServerOptions().setHost(host).setPort(config.getInt("http.port"))));
            int httpsPort = config.getInt("http.https-port");
            if (httpsPort >= 0) {
                HttpServerOptions https = new HttpServerOptions().setHost(host).setPort(httpsPort).setSsl(true)
                        .setKeyCertOptions(certificate(config, dataDir, host));
                listeners.add(listen(vertx, router, https));
            }
            long cleanupMillis = config.getDuration("sessions.cleanup-interval").toMillis();
            RestApi cleanupApi = api;
            vertx.setPeriodic(cleanupMillis, id -> cleanupApi.workers().execute(() -> {
                int removed = cleanupApi.deleteExpiredSessions();
                if (removed > 0) {
                    LOG.info("Deleted {} expired sessions", removed);
                }
            }));
            return new ParleyServer(dataDir, database, metrics, api, vertx, listeners, routes, defaultApplication, host);
        } catch (RuntimeException e) {
            closeQuietly(vertx, api, database, metrics);
            throw e;
        }
    }

    public int httpPort() {
        return listeners.getFirst().actualPort();
    }

    /** The HTTPS port, or -1 when HTTPS is turned off. */
    public int httpsPort() {
        return listeners.size() > 1 ? listeners.get(1).actualPort() : -1;
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

    public boolean embeddedDatabase() {
        return database.embedded();
    }

    /** Every REST route the router serves. */
    public List<Routes.Spec> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        closeQuietly(vertx, api, database, metrics);
    }

    private static HttpServer listen(Vertx vertx, Router router, HttpServerOptions options) {
        try {
            return vertx.createHttpServer(options.setCompressionSupported(true))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + options.getHost() + ":" + options.getPort()
                    + (options.isSsl() ? " (HTTPS)" : "") + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("listener on port " + options.getPort() + " did not start", e);
        }
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
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dataDir.resolve("tls"), names,
                config.getDuration("tls.self-signed-validity"));
        return new PemKeyCertOptions().setCertPath(files.certificate().toString()).setKeyPath(files.privateKey().toString());
    }

    private static Database.Settings databaseSettings(Config config) {
        return new Database.Settings(config.getString("database.url"), config.getString("database.user"),
                config.getString("database.password"), config.getInt("database.pool-size"),
                config.getDuration("database.connection-timeout"));
    }

    /** Creates the default application on an empty database; (re)writes default-app.json when it is missing. */
    private static Application writeDefaultApplication(ApplicationService applications, Path dataDir) {
        ApplicationService.Created created = applications.ensureDefault();
        Path file = dataDir.resolve("default-app.json");
        if (created.isNew() || !Files.exists(file)) {
            try {
                Path temporary = dataDir.resolve("default-app.json.tmp");
                Files.writeString(temporary, Json.writePretty(ApplicationService.credentials(created.application())) + "\n");
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
        return created.application();
    }

    private static void createDirectories(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
    }

    private static void closeQuietly(Vertx vertx, RestApi api, Database database, Metrics metrics) {
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
