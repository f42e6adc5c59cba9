package dev.parley.server;

import dev.parley.server.PushDeliveryTest.Account;
import dev.parley.server.RestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code GET /ice_servers} (docs/api.md) on the real server, and where its TURN secret comes from. */
class IceServersApiTest {

    static final RestClient rest = new RestClient();
    static final List<String> URLS = List.of("stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=udp",
            "turns:127.0.0.1:5349?transport=tcp");

    static Map<String, Object> settings(String secret) {
        return Map.of("parley.turn.urls", URLS, "parley.turn.ttl", "2h", "parley.turn.secret", secret);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserGetsTheServersWithACredentialSignedWithTheSharedSecret(@TempDir Path dataDir) throws Exception {
        try (TestServer server = TestServer.start(dataDir, settings("a-secret-shared-with-coturn"))) {
            Account alice = PushDeliveryTest.account(server, "alice");
            long before = System.currentTimeMillis() / 1000;
            Response response = rest.get(server.http("/ice_servers"), "CB-Token", alice.token());

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json()).containsEntry("ttl", 7200);
            List<Map<String, Object>> servers = (List<Map<String, Object>>) response.json().get("ice_servers");
            assertThat(servers).hasSize(2);
            assertThat(servers.get(0)).containsExactly(Map.entry("urls", List.of("stun:127.0.0.1:3478")));
            Map<String, Object> relay = servers.get(1);
            assertThat(relay.get("urls")).isEqualTo(URLS.subList(1, 3));
            String username = (String) relay.get("username");
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertThat(username).endsWith(":" + alice.id());
            assertThat(expiry).isBetween(before + 7200, System.currentTimeMillis() / 1000 + 7200);
            assertThat(relay.get("credential")).isEqualTo(hmac("a-secret-shared-with-coturn", username));

            assertThat(rest.get(server.http("/ice_servers.json"), "CB-Token", alice.token()).status()).isEqualTo(200);
            assertThat(rest.get(server.http("/metrics")).body()).contains("parley_turn_credentials_total 2.0");
        }
    }

    @Test
    void withoutAUserSessionItIs401(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, settings("a-secret-shared-with-coturn"))) {
            String appToken = (String) rest.postJson(server.http("/session"), Map.of("application_id", server.app().id(),
                    "auth_key", server.app().authKey())).object("session").get("token");

            assertThat(rest.get(server.http("/ice_servers")).status()).isEqualTo(401);
            assertThat(rest.get(server.http("/ice_servers"), "CB-Token", "not-a-token").status()).isEqualTo(401);
            Response application = rest.get(server.http("/ice_servers"), "CB-Token", appToken);
            assertThat(application.status()).isEqualTo(401);
            assertThat(application.body()).contains("This action needs a user session");
        }
    }

    @Test
    void anUnsetSecretIsGeneratedOnceIntoTheDataDirectoryOwnerOnly(@TempDir Path dataDir) throws Exception {
        String first;
        try (TestServer server = TestServer.start(dataDir, settings(""))) {
            Path file = server.server().dataDir().resolve("turn-secret");
            first = Files.readString(file).strip();
            assertThat(first).hasSizeGreaterThanOrEqualTo(40);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertSignedWith(server, first);
        }
        try (TestServer restarted = TestServer.start(dataDir, settings(""))) {
            assertThat(Files.readString(restarted.server().dataDir().resolve("turn-secret")).strip()).isEqualTo(first);
            assertSignedWith(restarted, first);
        }
    }

    @Test
    void aSecretCoturnCannotHoldStopsStartUp(@TempDir Path dataDir) {
        assertThatThrownBy(() -> TestServer.start(dataDir, settings("short")))
                .hasMessageContaining("parley.turn.secret must be 16 to 256 printable ASCII characters");
        assertThatThrownBy(() -> TestServer.start(dataDir, settings("has a space in the middle")))
                .hasMessageContaining("parley.turn.secret must be");
    }

    @SuppressWarnings("unchecked")
    private static void assertSignedWith(TestServer server, String secret) throws Exception {
        Account user = PushDeliveryTest.account(server, "bob");
        List<Map<String, Object>> servers = (List<Map<String, Object>>) rest.get(server.http("/ice_servers"), "CB-Token",
                user.token()).json().get("ice_servers");
        Map<String, Object> relay = servers.get(1);
        assertThat(relay.get("credential")).isEqualTo(hmac(secret, (String) relay.get("username")));
    }

    static String hmac(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
