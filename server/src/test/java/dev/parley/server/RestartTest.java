package dev.parley.server;

import dev.parley.server.RestClient.Response;
import dev.parley.storage.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing is lost on restart: applications, users and sessions survive, on H2 and on PostgreSQL. */
class RestartTest {

    @Test
    void dataSurvivesARestartOnTheEmbeddedDatabase(@TempDir Path dataDir) throws Exception {
        survivesRestart(dataDir, Map.of());
    }

    @Test
    void dataSurvivesARestartOnPostgres(@TempDir Path dataDir) throws Exception {
        survivesRestart(dataDir, Map.of("parley.database.url", TestDatabases.freshPostgresSchema().url()));
    }

    private static void survivesRestart(Path dataDir, Map<String, Object> overrides) throws Exception {
        RestClient rest = new RestClient();
        String token;
        long userId;
        String credentials;
        try (TestServer first = TestServer.start(dataDir, overrides)) {
            credentials = Files.readString(dataDir.resolve("default-app.json"));
            Map<String, Object> app = Map.of("application_id", first.app().id(), "auth_key", first.app().authKey());
            Map<String, Object> signUp = new HashMap<>(Map.of("user", Map.of("login", "persist", "password", "password-p")));
            String appToken = (String) rest.postJson(first.http("/session"), app).object("session").get("token");
            userId = ((Number) rest.postJson(first.http("/users"), signUp, "CB-Token", appToken).object("user").get("id")).longValue();
            Map<String, Object> login = new HashMap<>(app);
            login.put("user", Map.of("login", "persist", "password", "password-p"));
            token = (String) rest.postJson(first.http("/session"), login).object("session").get("token");
        }
        // As an earlier version left it: world-readable.
        Files.setPosixFilePermissions(dataDir.resolve("default-app.json"), PosixFilePermissions.fromString("rw-r--r--"));
        try (TestServer second = TestServer.start(dataDir, overrides)) {
            assertThat(Files.readString(dataDir.resolve("default-app.json"))).isEqualTo(credentials);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("default-app.json"))))
                    .as("made owner-only on start").isEqualTo("rw-------");
            Response session = rest.get(second.http("/session"), "CB-Token", token);
            assertThat(session.status()).isEqualTo(200);
            assertThat(((Number) session.object("session").get("user_id")).longValue()).isEqualTo(userId);
            assertThat(rest.get(second.http("/users/" + userId), "CB-Token", token).object("user").get("login"))
                    .isEqualTo("persist");
        }
    }
}
