package dev.parley.server;

import com.typesafe.config.Config;
import dev.parley.common.time.MutableClock;
import dev.parley.server.PushDeliveryTest.Account;
import dev.parley.server.TurnClient.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parley's credentials against the real coturn, configured by {@code parley turn config}'s code: an Allocate
 * (RFC 8656 §7.2) with a credential from {@code GET /ice_servers} gets a relayed address; one whose expiry has
 * passed, or whose username or password was tampered with, gets 401 (RFC 8489 §9.2.4, coturn's TURN REST API check).
 */
class CoturnRelayTest {

    static final RestClient rest = new RestClient();
    static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static TestServer parley;
    static Coturn coturn;
    static Map<String, Object> settings;

    @BeforeAll
    static void start() throws Exception {
        int port = Coturn.freePort();
        settings = Map.of("parley.turn.urls", List.of("turn:127.0.0.1:" + port + "?transport=udp"),
                "parley.turn.ttl", "1h");
        Path dataDir = dir.resolve("data");
        parley = TestServer.start(dataDir, settings);
        // The configuration `parley turn config --listening-ip 127.0.0.1 ...` prints for this server's settings.
        TurnCommand.Print command = new TurnCommand.Print();
        command.listeningIps = List.of("127.0.0.1");
        command.relayPorts = Coturn.relayPorts();
        command.logFile = dir.resolve("turn.log").toString();
        command.pidFile = dir.resolve("turnserver.pid").toString();
        Config config = TestServer.config(dataDir, settings);
        CoturnConfig coturnConfig = command.coturn(config, parley.server().dataDir());
        assertThat(coturnConfig.secret()).isEqualTo(Files.readString(dataDir.resolve("turn-secret")).strip());
        coturn = Coturn.start(coturnConfig, port, dir);
    }

    @AfterAll
    static void stop() {
        try {
            if (coturn != null) {
                coturn.close();
            }
        } finally {
            if (parley != null) {
                parley.close();
            }
        }
    }

    @Test
    void aCredentialFromParleyAllocatesARelayedAddress() throws Exception {
        Credential credential = credential(parley, "alice");
        try (TurnClient client = new TurnClient(coturn.address(), WAIT)) {
            Outcome outcome = client.allocate(credential.username(), credential.password());

            assertThat(outcome.allocated()).as("allocation with %s; coturn log:%n%s", credential, coturn.log()).isTrue();
            assertThat(outcome.relayed().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(outcome.relayed().getPort()).isBetween(50_000, 59_999 + Coturn.RELAY_PORTS);
            assertThat(outcome.signedWithTheKey()).as("the success response's MESSAGE-INTEGRITY").isTrue();
        }
    }

    @Test
    void aTamperedUsernameIsRefused() throws Exception {
        Credential credential = credential(parley, "bob");
        String[] parts = credential.username().split(":");
        String otherUser = parts[0] + ":" + (Long.parseLong(parts[1]) + 1);
        String laterExpiry = (Long.parseLong(parts[0]) + 86_400) + ":" + parts[1];
        assertThat(allocate(otherUser, credential.password()).errorCode()).isEqualTo(401);
        assertThat(allocate(laterExpiry, credential.password()).errorCode()).isEqualTo(401);
        assertThat(allocate(credential.username(), credential.password()).allocated()).as("the untampered credential")
                .isTrue();
    }

    @Test
    void aTamperedPasswordIsRefused() throws Exception {
        Credential credential = credential(parley, "carol");
        char first = credential.password().charAt(0);
        String tampered = (first == 'A' ? 'B' : 'A') + credential.password().substring(1);
        assertThat(allocate(credential.username(), tampered).errorCode()).isEqualTo(401);
    }

    @Test
    void anExpiredCredentialIsRefused(@TempDir Path otherData) throws Exception {
        String secret = Files.readString(parley.server().dataDir().resolve("turn-secret")).strip();
        // A Parley whose clock runs two hours behind issues, with a one-hour TTL, credentials that expired an hour ago.
        MutableClock behind = new MutableClock(Instant.now().minus(Duration.ofHours(2)));
        try (TestServer late = TestServer.start(otherData, Map.of("parley.turn.urls", settings.get("parley.turn.urls"),
                "parley.turn.ttl", "1h", "parley.turn.secret", secret), behind)) {
            Credential expired = credential(late, "dave");
            long expiry = Long.parseLong(expired.username().split(":")[0]);
            assertThat(expiry).isLessThan(Instant.now().getEpochSecond() - 3000);
            assertThat(expired.password()).as("signed with coturn's secret")
                    .isEqualTo(IceServersApiTest.hmac(secret, expired.username()));
            assertThat(allocate(expired.username(), expired.password()).errorCode()).isEqualTo(401);
        }
    }

    record Credential(String username, String password) {
    }

    /** One Allocate exchange from a fresh client port (a 5-tuple of its own, as each candidate gathering has). */
    static Outcome allocate(String username, String password) throws Exception {
        try (TurnClient client = new TurnClient(coturn.address(), WAIT)) {
            return client.allocate(username, password);
        }
    }

    @SuppressWarnings("unchecked")
    static Credential credential(TestServer server, String login) {
        Account account = PushDeliveryTest.account(server, login);
        RestClient.Response response = rest.get(server.http("/ice_servers"), "CB-Token", account.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, Object> relay = ((List<Map<String, Object>>) response.json().get("ice_servers")).getFirst();
        return new Credential((String) relay.get("username"), (String) relay.get("credential"));
    }
}
