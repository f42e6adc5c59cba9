package dev.parley.server;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.api.http.Routes;
import dev.parley.common.json.Json;
import dev.parley.server.RestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cross-cutting HTTP behaviour: health, metrics, CORS, limits, errors, HTTPS, OpenAPI, first-run files. */
class ServerTest {

    /** On a data directory the server creates itself, so that its permissions are the server's doing. */
    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.metrics.token", ""));
    static RestClient rest = new RestClient();

    @Test
    void firstStartWritesTheDefaultApplicationCredentials() throws Exception {
        Map<String, Object> credentials = Json.MAPPER.readValue(Files.readString(server.server().dataDir().resolve("default-app.json")),
                new TypeReference<>() {
                });
        assertThat(credentials).containsOnlyKeys("application_id", "auth_key", "auth_secret");
        assertThat(((Number) credentials.get("application_id")).longValue()).isEqualTo(server.app().id());
        Response session = rest.postJson(server.http("/session"),
                Map.of("application_id", credentials.get("application_id"), "auth_key", credentials.get("auth_key")));
        assertThat(session.status()).isEqualTo(201);
    }

    @Test
    void theDataDirectoryAndItsSecretsAreTheOwnersAlone() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.server().dataDir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.server().dataDir().resolve("default-app.json"))))
                .as("default-app.json holds the auth secret").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.server().dataDir().resolve("tls"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.server().dataDir().resolve("tls/parley-key.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void healthAndReadiness() {
        assertThat(rest.get(server.http("/health")).json()).containsEntry("status", "UP");
        Response ready = rest.get(server.http("/ready"));
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).containsEntry("database", "UP");
    }

    @Test
    void metricsCountRequestsByRouteTemplateAndShowJvmAndPool() {
        rest.get(server.http("/users/12345"));
        Response metrics = rest.get(server.http("/metrics"));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/users/:id\",status=\"401\"}")
                .contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections_active")
                .doesNotContain("/users/12345");
    }

    @Test
    void metricsTokenIsEnforcedWhenConfigured(@TempDir Path otherDir) {
        try (TestServer guarded = TestServer.start(otherDir, Map.of("parley.metrics.token", "s3cret"))) {
            assertThat(rest.get(guarded.http("/metrics")).status()).isEqualTo(401);
            assertThat(rest.get(guarded.http("/metrics"), "Authorization", "Bearer wrong").status()).isEqualTo(401);
            assertThat(rest.get(guarded.http("/metrics"), "Authorization", "Bearer s3cret").status()).isEqualTo(200);
        }
    }

    @Test
    void corsPreflightAllowsTheSdkHeaders() {
        Response preflight = rest.send(HttpRequest.newBuilder(server.http("/session.json"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", "https://app.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "CB-Token, Content-Type, QB-Token, CB-SDK");
        assertThat(preflight.status()).isIn(200, 204);
        String allowed = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT);
        assertThat(allowed).contains("cb-token", "qb-token", "content-type", "cb-sdk", "cb-authkey", "qb-os", "qb-account-key");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("GET", "POST", "PUT", "DELETE");
        Response actual = rest.get(server.http("/health"), "Origin", "https://app.example");
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void unknownRoutesOversizedAndMalformedBodiesGetJsonErrors() throws Exception {
        Response unknown = rest.get(server.http("/nothing-here"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error("base")).contains("No such route");

        Response longLine = rest.get(server.http("/users?login=" + "x".repeat(10_000)));
        assertThat(longLine.status()).isEqualTo(414);
        assertThat(longLine.error("base")).contains("Request line too long");

        Response oversized = rest.postJson(server.http("/session"), Map.of("pad", "x".repeat(70_000)));
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.error("base")).contains("larger than 65536 bytes");

        Response malformed = rest.send(HttpRequest.newBuilder(server.http("/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"application_id\":")).header("Content-Type", "application/json"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error("base")).startsWith("Malformed JSON body");

        Response multipart = rest.send(HttpRequest.newBuilder(server.http("/session"))
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"))
                .header("Content-Type", "multipart/form-data; boundary=b"));
        assertThat(multipart.status()).isEqualTo(415);

        Response array = rest.send(HttpRequest.newBuilder(server.http("/session"))
                .POST(HttpRequest.BodyPublishers.ofString("[1,2]")).header("Content-Type", "application/json"));
        assertThat(array.status()).isEqualTo(400);

        // java.net.URI refuses to build this URL, so it goes out over a bare socket.
        String badEncoding = rawRequest("GET /users/v2?login=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nCB-Token: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(badEncoding).startsWith("HTTP/1.1 400").contains("percent-encoding");

        Response tooDeep = rest.get(server.http("/users/v2?a%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D=1"), "CB-Token", "x");
        assertThat(tooDeep.status()).isEqualTo(400);
    }

    private static String rawRequest(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server().httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void httpsServesTheSameRoutesWithTheGeneratedCertificate() throws Exception {
        Path certificate = server.server().dataDir().resolve("tls").resolve("parley-cert.pem");
        assertThat(certificate).exists();
        RestClient https = trusting(certificate);
        Response session = https.postJson(server.https("/session.json"),
                Map.of("application_id", server.app().id(), "auth_key", server.app().authKey()));
        assertThat(session.status()).isEqualTo(201);
        assertThat(https.get(server.https("/health")).status()).isEqualTo(200);
    }

    @Test
    void httpsServesAConfiguredCertificate(@TempDir Path otherDir) throws Exception {
        var own = dev.parley.common.tls.SelfSignedCertificate.ensure(otherDir.resolve("own-pki"), List.of("own.example"),
                java.time.Duration.ofDays(30 + 365));
        try (TestServer configured = TestServer.start(otherDir.resolve("data"), Map.of(
                "parley.tls.certificate", own.certificate().toString(),
                "parley.tls.private-key", own.privateKey().toString()))) {
            assertThat(trusting(own.certificate()).get(configured.https("/health")).status()).isEqualTo(200);
            assertThat(otherDir.resolve("data").resolve("tls")).as("nothing generated").doesNotExist();
        }
    }

    @Test
    void certificateWithoutKeyIsAConfigurationError(@TempDir Path otherDir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(otherDir,
                        Map.of("parley.tls.certificate", "/nonexistent/cert.pem")))
                .hasMessageContaining("set both parley.tls.certificate and parley.tls.private-key");
    }

    private static RestClient trusting(Path certificate) throws Exception {
        return new RestClient(HttpClient.newBuilder().sslContext(TestTls.context(certificate)).build());
    }

    @Test
    void openApiDocumentCoversEveryRegisteredRoute() throws Exception {
        Response response = rest.get(server.http("/openapi.json"));
        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> document = response.json();
        assertThat(String.valueOf(document.get("openapi"))).startsWith("3.");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        assertThat(server.server().routes()).isNotEmpty();
        for (Routes.Spec route : server.server().routes()) {
            assertThat(paths).as("OpenAPI paths").containsKey(route.openApiPath());
            assertThat(paths.get(route.openApiPath())).as(route.method() + " " + route.openApiPath())
                    .containsKey(route.method().name().toLowerCase(Locale.ROOT));
        }
        // And nothing documented that is not served.
        long documented = paths.values().stream().mapToLong(p -> p.keySet().stream()
                .filter(k -> Map.of("get", 1, "post", 1, "put", 1, "delete", 1).containsKey(k)).count()).sum();
        assertThat(documented).isEqualTo(server.server().routes().size());
    }

    @Test
    void jsonSuffixAndPlainPathsAreTheSameRoute() {
        URI plain = server.http("/health");
        URI suffixed = server.http("/health.json");
        assertThat(rest.get(plain).body()).isEqualTo(rest.get(suffixed).body());
    }
}
