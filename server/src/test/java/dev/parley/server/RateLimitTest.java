package dev.parley.server;

import dev.parley.server.RestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Session creation and login are rate limited per client address, to slow password guessing. */
class RateLimitTest {

    @Test
    void sessionCreationBeyondTheBurstIsRefusedWithRetryAfter(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, Map.of("parley.rate-limit.auth-burst", 3,
                "parley.rate-limit.auth-per-second", 0.01))) {
            RestClient rest = new RestClient();
            Map<String, Object> wrongPassword = Map.of("application_id", server.app().id(), "auth_key", server.app().authKey(),
                    "user", Map.of("login", "victim", "password", "guess-0001"));
            for (int i = 0; i < 3; i++) {
                assertThat(rest.postJson(server.http("/session"), wrongPassword).status()).isEqualTo(401);
            }
            Response limited = rest.postJson(server.http("/session"), wrongPassword);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.error("base")).startsWith("Too many requests");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            // The same bucket guards POST /login; other routes are not limited.
            assertThat(rest.postJson(server.http("/login"), Map.of("login", "victim", "password", "x")).status()).isEqualTo(429);
            assertThat(rest.get(server.http("/health")).status()).isEqualTo(200);
        }
    }
}
