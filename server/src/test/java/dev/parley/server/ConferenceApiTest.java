package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.testing.JsonMessages;
import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Janus API as the server serves it (docs/protocol.md §4.1, §4.5): REST session tokens, meetings from storage,
 * the HTTP long-poll routes outside the REST timeout and with CORS, the WebSocket with its subprotocol, answers that
 * carry the media server's transport, and the conference metrics.
 */
class ConferenceApiTest {

    /** A REST timeout shorter than the long poll's wait: the Janus routes must not be under it. */
    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.http.request-timeout", "1s",
            "parley.conference.long-poll-wait", "2s", "parley.metrics.token", ""));

    static final RestClient rest = new RestClient();
    static final HttpClient http = HttpClient.newHttpClient();
    static Application app;
    static final Map<String, Long> ids = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void users() {
        app = server.app();
        String appToken = session(null);
        tokens.put("app", appToken);
        for (String login : List.of("host", "guest", "stranger")) {
            Map<String, Object> user = Map.of("login", login, "password", "password-" + login, "email", login + "@example.com");
            Response response = rest.postJson(server.http("/users"), Map.of("user", user), "CB-Token", appToken);
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            ids.put(login, ((Number) response.object("user").get("id")).longValue());
            tokens.put(login, session(login));
        }
    }

    @Test
    void aSessionNeedsTheLiveTokenOfAUser() {
        assertThat(janus("/janus", Map.of("janus", "create"), tokens.get("host")).path("janus").asText()).isEqualTo("success");
        for (String token : new String[] {tokens.get("app"), "not-a-token", null}) {
            JsonNode refused = janus("/janus", Map.of("janus", "create"), token);
            assertThat(refused.path("janus").asText()).isEqualTo("error");
            assertThat(refused.path("error").path("code").asInt()).as("token %s", token).isEqualTo(403);
        }
    }

    @Test
    void aMeetingsRoomAdmitsItsHostAndAttendeesOnly() {
        Response created = rest.postJson(server.http("/meetings.json"), Map.of("name", "Stand-up", "start_date", 1_893_456_000L,
                "end_date", 1_893_459_600L, "attendees", List.of(Map.of("id", ids.get("guest")))), "CB-Token", tokens.get("host"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String room = (String) created.json().get("_id");

        assertThat(join("stranger", room).path("plugindata").path("data").path("error_code").asInt()).isEqualTo(433);
        assertThat(join("guest", room).path("plugindata").path("data").path("videoroom").asText()).isEqualTo("joined");
    }

    @Test
    void aLongPollOutlastsTheRestTimeoutAndAnswersWithAKeepalive() throws Exception {
        long session = janus("/janus", Map.of("janus", "create"), tokens.get("host")).path("data").path("id").asLong();
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(server.http("/janus/" + session + "?maxev=1&token="
                + tokens.get("host"))).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(poll.body()).path("janus").asText()).isEqualTo("keepalive");
    }

    @Test
    void webPagesOfOtherOriginsMayCallTheHttpTransport() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(server.http("/janus"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
    }

    @Test
    void theWebSocketNeedsTheJanusSubprotocol() throws Exception {
        JsonMessages messages = new JsonMessages();
        WebSocket socket = http.newWebSocketBuilder().subprotocols("janus-protocol")
                .buildAsync(wsUri(), messages).get(10, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("janus-protocol");
        socket.sendText("{\"janus\":\"create\",\"transaction\":\"t1\",\"token\":\"" + tokens.get("host") + "\"}", true);
        JsonNode answer = messages.poll(Duration.ofSeconds(10));
        assertThat(answer).isNotNull();
        assertThat(answer.path("janus").asText()).isEqualTo("success");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(wsUri(), new JsonMessages()).join())
                .isInstanceOf(CompletionException.class);
    }

    @Test
    void aPublishersOfferIsAnsweredWithTheMediaServersTransport() throws InterruptedException {
        Handle handle = attach("host");
        janus(handle.path(), Map.of("janus", "message", "body", Map.of("request", "join", "room", "sfu-wiring",
                "ptype", "publisher")), tokens.get("host"));
        Map<String, Object> offer = Map.of("type", "offer", "sdp", Sdps.text("chromium-offer-audio-video-data.sdp"));
        janus(handle.path(), Map.of("janus", "message", "body", Map.of("request", "configure", "audio", true, "video", true),
                "jsep", offer), tokens.get("host"));
        JsonNode configured = handle.event(event -> event.has("jsep"));

        String answer = configured.path("jsep").path("sdp").asText();
        assertThat(answer).contains("a=ice-lite", "a=setup:passive", "a=fingerprint:sha-256 ")
                .contains(" 127.0.0.1 " + server.server().mediaPort() + " typ host");
        // The room posts the transport to the media loop, which counts it a moment after the answer went out.
        String transportOpen = "parley_sfu_transports{role=\"publisher\"} 1.0";
        long deadline = System.nanoTime() + 10_000_000_000L;
        Response metrics = rest.get(server.http("/metrics"));
        while (!metrics.body().contains(transportOpen) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            metrics = rest.get(server.http("/metrics"));
        }
        assertThat(metrics.body()).contains("parley_conference_sessions", "parley_conference_rooms",
                "parley_conference_participants", "parley_sfu_rooms", transportOpen,
                "parley_media_transports", "parley_sfu_rtp_packets_total");
    }

    /** A handle on the video room, over HTTP, with its session's events from long polls. */
    record Handle(String login, long session, long id) {
        String path() {
            return "/janus/" + session + "/" + id;
        }

        JsonNode event(java.util.function.Predicate<JsonNode> wanted) {
            for (int i = 0; i < 10; i++) {
                for (JsonNode event : poll(login, session)) {
                    if (wanted.test(event)) {
                        return event;
                    }
                }
            }
            throw new AssertionError("no such event for " + login);
        }
    }

    private static String session(String login) {
        Map<String, Object> body = new HashMap<>(Map.of("application_id", app.id(), "auth_key", app.authKey()));
        if (login != null) {
            body.put("user", Map.of("login", login, "password", "password-" + login));
        }
        Response response = rest.postJson(server.http("/session"), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return (String) response.object("session").get("token");
    }

    private static Handle attach(String login) {
        long session = janus("/janus", Map.of("janus", "create"), tokens.get(login)).path("data").path("id").asLong();
        long handle = janus("/janus/" + session, Map.of("janus", "attach", "plugin", "janus.plugin.videoroom"),
                tokens.get(login)).path("data").path("id").asLong();
        return new Handle(login, session, handle);
    }

    /** Joins {@code room} as a publisher and returns the join's answer event. */
    private static JsonNode join(String login, String room) {
        Handle handle = attach(login);
        janus(handle.path(), Map.of("janus", "message", "body", Map.of("request", "join", "room", room, "ptype", "publisher")),
                tokens.get(login));
        return handle.event(event -> event.path("janus").asText().equals("event"));
    }

    private static JsonNode janus(String path, Map<String, Object> request, String token) {
        ObjectNode body = Json.MAPPER.valueToTree(request);
        body.put("transaction", "tx" + System.nanoTime());
        if (token != null) {
            body.put("token", token);
        }
        Response response = rest.postJson(server.http(path), body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.valueToTree(response.json());
    }

    private static List<JsonNode> poll(String login, long session) {
        Response response = rest.get(server.http("/janus/" + session + "?maxev=10&token=" + tokens.get(login)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        try {
            JsonNode events = Json.MAPPER.readTree(response.body());
            return events.isArray() ? List.copyOf(events.valueStream().toList()) : List.of(events);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static URI wsUri() {
        return URI.create(server.http("/janus").toString().replace("http://", "ws://"));
    }
}
