package dev.parley.server;

import dev.parley.server.RestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The web root: the demo's {@code /app-config.json}, its page and its icons. */
class WebRootTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static RestClient rest = new RestClient();

    @Test
    void appConfigNamesTheDefaultApplicationAndTheHttpsPortTheServerIsBoundTo() {
        Response config = rest.get(server.http("/app-config.json"));
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(config.json()).containsOnlyKeys("appId", "authKey", "httpsPort");
        assertThat(((Number) config.json().get("appId")).longValue()).isEqualTo(server.app().id());
        assertThat(config.json()).containsEntry("authKey", server.app().authKey());
        assertThat(server.server().httpsPort()).as("a free port was picked").isPositive();
        assertThat(config.json()).containsEntry("httpsPort", server.server().httpsPort());
    }

    @Test
    void appConfigSaysMinusOneWhenHttpsIsOff(@TempDir Path otherDir) {
        try (TestServer plain = TestServer.start(otherDir, Map.of("parley.http.https-port", -1))) {
            assertThat(rest.get(plain.http("/app-config.json")).json()).containsEntry("httpsPort", -1);
        }
    }

    @Test
    void theDemoAndItsIconsAreServed() {
        Response page = rest.get(server.http("/"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<link rel=\"icon\" href=\"favicon.svg\"");
        Response ico = rest.get(server.http("/favicon.ico"));
        assertThat(ico.status()).isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("icon"));
        Response svg = rest.get(server.http("/favicon.svg"));
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
    }
}
