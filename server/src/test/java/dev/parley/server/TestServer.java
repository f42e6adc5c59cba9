package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.common.config.ConfigLoader;
import dev.parley.storage.TestDatabases;
import dev.parley.storage.model.Application;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real server, started in-process on free loopback ports for a test. Password hashing is made cheaper
 * (still Argon2id) and the login rate limits (REST, and chat's per address and per account) wider so that
 * tests run fast and may log in concurrently; tests that check those override them back. With
 * {@code -Dparley.test.database=postgres} the server runs on a fresh PostgreSQL schema.
 *
 * <p>A test class shares one server as a JUnit extension, which starts it on a data directory of its own
 * before the class's tests and stops it after them:
 * <pre>{@code @RegisterExtension static final TestServer server = TestServer.forClass(Map.of("parley.chat.x", 1));}</pre>
 * A test that needs a server of its own calls {@link #start} and closes it.
 */
final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final Map<String, Object> overrides;
    private ParleyServer server;
    private Path ownDataDir;

    private TestServer(ParleyServer server) {
        this.server = server;
        this.overrides = Map.of();
    }

    private TestServer(Map<String, Object> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** The server of a test class, started before its tests (see the class comment). */
    static TestServer forClass(Map<String, Object> overrides) {
        return new TestServer(overrides);
    }

    /** The same with the test defaults only. */
    static TestServer forClass() {
        return forClass(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ownDataDir = Files.createTempDirectory("parley-test-");
        server = ParleyServer.start(config(ownDataDir.resolve("data"), overrides), Clock.systemUTC());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        try (var files = Files.walk(ownDataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    static TestServer start(Path dataDir, Map<String, Object> overrides) {
        return start(dataDir, overrides, Clock.systemUTC());
    }

    /** A server whose time is {@code clock}'s (sessions, credentials, limits). */
    static TestServer start(Path dataDir, Map<String, Object> overrides, Clock clock) {
        return new TestServer(ParleyServer.start(config(dataDir, overrides), clock));
    }

    static Config config(Path dataDir, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>();
        all.put("parley.data-dir", dataDir.toString());
        all.put("parley.http.host", "127.0.0.1");
        all.put("parley.http.port", 0);
        all.put("parley.http.https-port", 0);
        all.put("parley.chat.tcp-port", 0);
        all.put("parley.media.host", "127.0.0.1");
        all.put("parley.media.port", 0);
        all.put("parley.passwords.argon2-memory-kib", 1024);
        all.put("parley.passwords.argon2-iterations", 1);
        all.put("parley.rate-limit.auth-burst", 10_000);
        all.put("parley.rate-limit.auth-per-second", 10_000);
        all.put("parley.chat.auth-failure-burst", 10_000);
        all.put("parley.chat.auth-failures-per-second", 10_000);
        all.put("parley.chat.account-failure-burst", 10_000);
        all.put("parley.chat.account-failures-per-second", 10_000);
        if (System.getProperty("parley.test.database", "h2").equals("postgres")) {
            all.put("parley.database.url", TestDatabases.freshPostgresSchema().url());
        }
        all.putAll(overrides);
        return ConfigLoader.load(all, Optional.empty(), Map.of());
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    URI https(String path) {
        return URI.create("https://localhost:" + server.httpsPort() + path);
    }

    Application app() {
        return server.defaultApplication();
    }

    ParleyServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
