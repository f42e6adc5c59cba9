package dev.parley.sdk.it;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.RestIceServers;
import dev.parley.sdk.media.IceServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RestIceServers} against a real server with TURN configured (docs/api.md, GET /ice_servers). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("server")
class IceServersFromServerTest {

    static final String SECRET = "a-secret-shared-with-coturn";

    @RegisterExtension
    static final RealServer server = RealServer.withoutMedia(Map.of(
            "PARLEY_TURN_URLS", "stun:turn.example.com:3478,turn:turn.example.com:3478?transport=udp",
            "PARLEY_TURN_SECRET", SECRET, "PARLEY_TURN_TTL", "1h"));

    @Test
    void aLoggedInUserGetsTheServersWithItsOwnCredential() throws Exception {
        ParleyClient client = new ParleyClient(server.settings());
        String login = server.login("turner");
        client.signUp(login, "pw-" + login + "-long", null);
        ParleyUser me = client.login(login, "pw-" + login + "-long");

        List<IceServer> servers = new RestIceServers(client).iceServers();

        assertThat(servers).hasSize(2);
        assertThat(servers.get(0)).isEqualTo(new IceServer(List.of("stun:turn.example.com:3478"), null, null));
        IceServer relay = servers.get(1);
        assertThat(relay.urls()).containsExactly("turn:turn.example.com:3478?transport=udp");
        long expiry = Long.parseLong(relay.username().split(":")[0]);
        assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(3500L, 3600L);
        assertThat(relay.username()).endsWith(":" + me.id());
        assertThat(relay.credential()).isEqualTo(hmac(relay.username()));

        ParleyClient sameSession = new ParleyClient(server.settings(), client.token());
        assertThat(new RestIceServers(sameSession).refresh().get(1).username()).endsWith(":" + me.id());
    }

    @Test
    void withoutAUserSessionTheFetchFailsClearlyAndConnectionsGetNoServers() {
        ParleyClient client = new ParleyClient(server.settings());
        client.createSession();
        RestIceServers servers = new RestIceServers(client);

        assertThatThrownBy(servers::refresh).isInstanceOf(ParleyException.class)
                .hasMessageContaining("needs a user session")
                .satisfies(e -> assertThat(((ParleyException) e).status()).isEqualTo(401));
        assertThat(servers.iceServers()).isEmpty();
    }

    static String hmac(String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
