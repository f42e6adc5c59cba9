package dev.parley.api.turn;

import dev.parley.common.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TURN REST API credential (draft-uberti-behave-turn-rest-00 §2.2) as coturn's use-auth-secret checks it. */
class TurnCredentialsTest {

    static final String SECRET = "north-wind-shared-secret";
    final MutableClock clock = new MutableClock(Instant.parse("2025-12-31T00:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    TurnCredentials credentials(List<String> urls, Duration ttl) {
        return new TurnCredentials(new TurnSettings(urls, ttl), SECRET, clock, registry);
    }

    @Test
    void usernameIsExpiryColonUserIdAndPasswordTheBase64HmacSha1OfIt() {
        IceServers servers = credentials(List.of("turn:turn.example.com:3478?transport=udp"), Duration.ofDays(1)).issue(42);

        assertThat(servers.ttl()).isEqualTo(86400);
        IceServers.Server relay = servers.iceServers().getFirst();
        // 2026-01-01T00:00:00Z; the expected password was computed with
        // printf '%s' 1767225600:42 | openssl dgst -sha1 -hmac north-wind-shared-secret -binary | base64
        assertThat(relay.username()).isEqualTo("1767225600:42");
        assertThat(relay.credential()).isEqualTo("uyXywkSIEoEq3ZOGG0EBcIBywF4=");
    }

    @Test
    void expiryFollowsTheClock() {
        TurnCredentials turn = credentials(List.of("turn:turn.example.com"), Duration.ofHours(24));
        String first = turn.issue(42).iceServers().getFirst().username();
        clock.advance(Duration.ofDays(1));
        IceServers.Server later = turn.issue(42).iceServers().getFirst();

        assertThat(first).isEqualTo("1767225600:42");
        assertThat(later.username()).isEqualTo("1767312000:42");
        assertThat(later.credential()).isEqualTo("MXatR5W7m23rs9AFZGjMyRTHgw4=");
    }

    @Test
    void stunUrlsGoInAnEntryWithoutCredentials() {
        IceServers servers = credentials(List.of("stun:turn.example.com:3478", "turn:turn.example.com:3478?transport=udp",
                "turns:turn.example.com:443?transport=tcp"), Duration.ofMinutes(10)).issue(7);

        assertThat(servers.iceServers()).hasSize(2);
        assertThat(servers.iceServers().get(0)).isEqualTo(new IceServers.Server(List.of("stun:turn.example.com:3478"), null, null));
        assertThat(servers.iceServers().get(1).urls()).containsExactly("turn:turn.example.com:3478?transport=udp",
                "turns:turn.example.com:443?transport=tcp");
        assertThat(servers.iceServers().get(1).username()).isEqualTo((clock.instant().getEpochSecond() + 600) + ":7");
        assertThat(servers.ttl()).isEqualTo(600);
    }

    @Test
    void onlyRelayEntriesCountAsIssuedCredentials() {
        credentials(List.of("stun:stun.example.com"), Duration.ofHours(1)).issue(1);
        assertThat(registry.get("parley.turn.credentials").counter().count()).isZero();
        credentials(List.of("turn:turn.example.com"), Duration.ofHours(1)).issue(1);
        assertThat(registry.get("parley.turn.credentials").counter().count()).isEqualTo(1);
    }

    @Test
    void noUrlsGiveAnEmptyList() {
        assertThat(credentials(List.of(), Duration.ofHours(1)).issue(1).iceServers()).isEmpty();
    }

    @Test
    void settingsRejectWhatIsNoIceServerUrl() {
        assertThatThrownBy(() -> new TurnSettings(List.of("https://turn.example.com"), Duration.ofHours(1)))
                .hasMessageContaining("\"https://turn.example.com\" is not a stun:, stuns:, turn: or turns: URL");
        assertThatThrownBy(() -> new TurnSettings(List.of("turn:two words"), Duration.ofHours(1)))
                .hasMessageContaining("is not a stun:");
        assertThatThrownBy(() -> new TurnSettings(List.of("turn:a"), Duration.ofMillis(1500)))
                .hasMessageContaining("whole seconds from 1s to 30d");
        assertThatThrownBy(() -> new TurnSettings(List.of("turn:a"), Duration.ofDays(31)))
                .hasMessageContaining("whole seconds from 1s to 30d");
        assertThatThrownBy(() -> new TurnCredentials(new TurnSettings(List.of(), Duration.ofHours(1)), " ", clock, registry))
                .hasMessageContaining("secret is empty");
    }
}
