package dev.parley.conference.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.common.time.FakeScheduler;
import dev.parley.conference.Conference;
import dev.parley.conference.testing.FakeAuth;
import dev.parley.conference.testing.FakeMedia;
import dev.parley.conference.testing.FakeMeetings;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.JsonMessages;
import dev.parley.conference.testing.Peer;
import dev.parley.conference.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md §4.1 over real Vert.x on 127.0.0.1 with the JDK's HTTP and WebSocket clients: the WebSocket with its
 * subprotocol, HTTP requests and long polls, and what closing a socket does. Timers run on a fake clock.
 */
class JanusTransportTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeScheduler scheduler = new FakeScheduler();
    final FakeAuth auth = new FakeAuth();
    final FakeMedia media = new FakeMedia();
    final HttpClient http = HttpClient.newHttpClient();
    final String alice = auth.user("alice", 1, 10, null);
    final String bob = auth.user("bob", 1, 11, null);
    Vertx vertx;
    Conference conference;
    String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        conference = new Conference(JanusHarness.SETTINGS, auth, new FakeMeetings(), media, scheduler,
                new SimpleMeterRegistry());
        JanusEndpoints endpoints = conference.endpoints();
        Router router = Router.router(vertx);
        endpoints.http().routes().handle(router);
        WebSocketEndpoint janus = endpoints.webSocket();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setWebSocketSubProtocols(List.of(janus.subprotocol())))
                .requestHandler(router)
                .webSocketHandshakeHandler(handshake -> {
                    if (janus.path().equals(handshake.path())) {
                        handshake.accept();
                    } else {
                        handshake.reject(404);
                    }
                })
                .webSocketHandler(janus.handler())
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = "127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        conference.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A Janus WebSocket client collecting what it receives. */
    final class Socket extends JsonMessages {
        final WebSocket socket;

        Socket() throws Exception {
            socket = http.newWebSocketBuilder().subprotocols(JanusEndpoints.SUBPROTOCOL)
                    .buildAsync(URI.create("ws://" + base + "/janus"), this).get(10, TimeUnit.SECONDS);
        }

        void send(String json) throws Exception {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = poll(WAIT);
            assertThat(message).as("a message within " + WAIT).isNotNull();
            return message;
        }

        /** The next message with {@code janus} of that type (skipping others). */
        JsonNode next(String janus) throws InterruptedException {
            while (true) {
                JsonNode message = next();
                if (message.path("janus").asText().equals(janus)) {
                    return message;
                }
            }
        }

        /** The next plugin event with that key in its data. */
        JsonNode nextEventWith(String key) throws InterruptedException {
            while (true) {
                JsonNode message = next();
                if (message.path("plugindata").path("data").has(key)) {
                    return message.path("plugindata").path("data");
                }
            }
        }
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + base + path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> poll(String query) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + base + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void theWebSocketSpeaksJanusProtocol() throws Exception {
        Socket socket = new Socket();

        socket.send("{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}");
        long session = socket.next().path("data").path("id").asLong();
        socket.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"transaction\":\"b\",\"token\":\"alice\","
                + "\"session_id\":" + session + "}");
        long handle = socket.next().path("data").path("id").asLong();
        socket.send("{\"janus\":\"message\",\"transaction\":\"c\",\"token\":\"alice\",\"session_id\":" + session
                + ",\"handle_id\":" + handle + ",\"body\":{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":10}}");

        assertThat(socket.socket.getSubprotocol()).isEqualTo("janus-protocol");
        JsonNode ack = socket.next();
        JsonNode joined = socket.next();
        assertThat(ack.path("janus").asText()).isEqualTo("ack");
        assertThat(joined.path("janus").asText()).isEqualTo("event");
        assertThat(joined.path("transaction").asText()).isEqualTo("c");
        assertThat(joined.path("plugindata").path("data").path("videoroom").asText()).isEqualTo("joined");
    }

    @Test
    void malformedRequestsGetJanusErrorsOverTheWebSocket() throws Exception {
        Socket socket = new Socket();

        socket.send("{\"janus\":\"create\",");
        socket.send("{\"janus\":\"frobnicate\",\"transaction\":\"t\"}");
        socket.send("{\"transaction\":\"t\"}");
        socket.send("{\"janus\":\"create\",\"transaction\":[]}");
        socket.send("{\"janus\":\"create\",\"transaction\":\"t\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

        assertThat(List.of(socket.next(), socket.next(), socket.next(), socket.next(), socket.next()))
                .extracting(message -> message.path("error").path("code").asInt()).containsExactly(454, 453, 456, 467, 454);
    }

    @Test
    void aConnectionMayHaveSoManyRequestsWaitingForAnswers() throws Exception {
        Socket socket = new Socket();
        auth.hold();

        for (int i = 0; i <= WebSocketConnection.MAX_IN_FLIGHT; i++) {
            socket.send("{\"janus\":\"create\",\"transaction\":\"t" + i + "\",\"token\":\"alice\"}");
        }
        JsonNode refused = socket.next();
        auth.release();

        assertThat(refused.path("transaction").asText()).isEqualTo("t" + WebSocketConnection.MAX_IN_FLIGHT);
        assertThat(refused.path("error").path("code").asInt()).isEqualTo(490);
        for (int i = 0; i < JanusHarness.SETTINGS.maxSessionsPerConnection(); i++) {
            assertThat(socket.next().path("janus").asText()).isEqualTo("success");
        }
        assertThat(socket.next().path("error").path("code").asInt()).isEqualTo(472);
    }

    @Test
    void aConnectionMayHaveSoManyCharactersOfRequestsWaitingForAnswers() throws Exception {
        Socket socket = new Socket();
        auth.hold();
        String pad = "x".repeat(60_000);
        int fit = WebSocketConnection.MAX_IN_FLIGHT_CHARS / (pad.length() + 100);

        for (int i = 0; i <= fit; i++) {
            socket.send("{\"janus\":\"create\",\"transaction\":\"t" + i + "\",\"token\":\"alice\",\"pad\":\"" + pad + "\"}");
        }
        JsonNode refused = socket.next();
        auth.release();

        assertThat(refused.path("transaction").asText()).isEqualTo("t" + fit);
        assertThat(refused.path("error").path("reason").asText()).contains("KiB in all");
    }

    @Test
    void closingTheSocketDestroysItsSessions() throws Exception {
        Socket aliceSocket = new Socket();
        Socket bobSocket = new Socket();
        aliceSocket.send("{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}");
        long aliceSession = aliceSocket.next().path("data").path("id").asLong();
        aliceSocket.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"transaction\":\"b\",\"token\":\"alice\","
                + "\"session_id\":" + aliceSession + "}");
        long aliceHandle = aliceSocket.next().path("data").path("id").asLong();
        aliceSocket.send("{\"janus\":\"message\",\"transaction\":\"c\",\"token\":\"alice\",\"session_id\":" + aliceSession
                + ",\"handle_id\":" + aliceHandle + ",\"body\":{\"request\":\"joinandconfigure\",\"room\":\"r\","
                + "\"ptype\":\"publisher\",\"id\":10},\"jsep\":{\"type\":\"offer\",\"sdp\":" + Json.write(Peer.OFFER) + "}}");
        aliceSocket.nextEventWith("configured");
        bobSocket.send("{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"bob\"}");
        long bobSession = bobSocket.next().path("data").path("id").asLong();
        bobSocket.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"transaction\":\"b\",\"token\":\"bob\","
                + "\"session_id\":" + bobSession + "}");
        long bobHandle = bobSocket.next().path("data").path("id").asLong();
        bobSocket.send("{\"janus\":\"message\",\"transaction\":\"c\",\"token\":\"bob\",\"session_id\":" + bobSession
                + ",\"handle_id\":" + bobHandle + ",\"body\":{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":11}}");
        assertThat(bobSocket.nextEventWith("publishers").path("publishers")).hasSize(1);

        aliceSocket.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        assertThat(bobSocket.nextEventWith("unpublished").path("unpublished").asLong()).isEqualTo(10);
        assertThat(bobSocket.nextEventWith("leaving").path("leaving").asLong()).isEqualTo(10);
        Waits.until(() -> media.lastPublisher().closed, WAIT, "the publisher's media closes");
    }

    @Test
    void httpRequestsAndLongPollsCarryTheSameApi() throws Exception {
        JsonNode created = json(post("/janus", "{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}"));
        long session = created.path("data").path("id").asLong();
        JsonNode attached = json(post("/janus/" + session, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\","
                + "\"transaction\":\"b\",\"token\":\"alice\"}"));
        long handle = attached.path("data").path("id").asLong();
        JsonNode ack = json(post("/janus/" + session + "/" + handle, "{\"janus\":\"message\",\"transaction\":\"c\","
                + "\"token\":\"alice\",\"body\":{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":10}}"));
        json(post("/janus/" + session + "/" + handle, "{\"janus\":\"message\",\"transaction\":\"d\",\"token\":\"alice\","
                + "\"body\":{\"request\":\"configure\",\"audio\":false}}"));
        JsonNode list = json(post("/janus/" + session + "/" + handle, "{\"janus\":\"message\",\"transaction\":\"e\","
                + "\"token\":\"alice\",\"body\":{\"request\":\"listparticipants\",\"room\":\"r\"}}"));

        List<JsonNode> events = new java.util.ArrayList<>();
        while (events.size() < 2) {
            JsonNode batch = json(poll("/janus/" + session + "?rid=1&maxev=10&token=alice").get(10, TimeUnit.SECONDS));
            assertThat(batch.isArray()).isTrue();
            batch.forEach(events::add);
        }

        assertThat(created.path("janus").asText()).isEqualTo("success");
        assertThat(ack.path("janus").asText()).isEqualTo("ack");
        assertThat(list.path("plugindata").path("data").path("participants")).hasSize(1);
        assertThat(events).extracting(event -> event.path("transaction").asText()).containsExactly("c", "d");
        assertThat(events.get(0).path("plugindata").path("data").path("videoroom").asText()).isEqualTo("joined");
        assertThat(events.get(1).path("plugindata").path("data").path("configured").asText()).isEqualTo("ok");
    }

    @Test
    void aLongPollWithoutMaxevGetsOneEventAsAnObject() throws Exception {
        long session = json(post("/janus", "{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}"))
                .path("data").path("id").asLong();
        long handle = json(post("/janus/" + session, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\","
                + "\"transaction\":\"b\",\"token\":\"alice\"}")).path("data").path("id").asLong();
        for (String transaction : List.of("c", "d")) {
            post("/janus/" + session + "/" + handle, "{\"janus\":\"message\",\"transaction\":\"" + transaction + "\","
                    + "\"token\":\"alice\",\"body\":{\"request\":\"configure\"}}");
        }

        JsonNode first = json(poll("/janus/" + session + "?token=alice").get(10, TimeUnit.SECONDS));
        JsonNode second = json(poll("/janus/" + session + "?token=alice&maxev=1").get(10, TimeUnit.SECONDS));

        assertThat(first.isObject()).isTrue();
        assertThat(first.path("transaction").asText()).isEqualTo("c");
        assertThat(second.path("transaction").asText()).isEqualTo("d");
    }

    @Test
    void anIdleLongPollGetsAKeepaliveAndKeepsTheSessionAlive() throws Exception {
        long session = json(post("/janus", "{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}"))
                .path("data").path("id").asLong();
        scheduler.advance(Duration.ofMillis(50_000));

        CompletableFuture<HttpResponse<String>> waiting = poll("/janus/" + session + "?rid=2&maxev=10&token=alice");
        Waits.until(() -> scheduler.pendingTasks() == 2, WAIT, "the poll waits");
        scheduler.advance(Duration.ofMillis(25_000));
        HttpResponse<String> answer = waiting.get(10, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofMillis(30_000));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[{\"janus\":\"keepalive\"}]");
        assertThat(json(post("/janus/" + session, "{\"janus\":\"keepalive\",\"transaction\":\"k\",\"token\":\"alice\"}"))
                .path("janus").asText()).isEqualTo("ack");
    }

    @Test
    void aLongPollWithABadTokenOrForNoSessionIsRefused() throws Exception {
        long session = json(post("/janus", "{\"janus\":\"create\",\"transaction\":\"a\",\"token\":\"alice\"}"))
                .path("data").path("id").asLong();

        assertThat(poll("/janus/" + session + "?token=nobody").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(poll("/janus/" + session + "?token=bob").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        assertThat(poll("/janus/12345?token=alice").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedHttpRequestsGetJanusErrors() throws Exception {
        assertThat(json(post("/janus", "{not json")).path("error").path("code").asInt()).isEqualTo(454);
        assertThat(json(post("/janus", "{\"janus\":\"nope\",\"transaction\":\"t\"}")).path("error").path("code").asInt())
                .isEqualTo(453);
        assertThat(json(post("/janus", "{\"janus\":\"create\"}")).path("error").path("code").asInt()).isEqualTo(456);
        assertThat(json(post("/janus", "{\"janus\":\"create\",\"transaction\":1}")).path("error").path("code").asInt())
                .isEqualTo(467);
        assertThat(json(post("/janus/abc", "{\"janus\":\"keepalive\",\"transaction\":\"t\"}")).path("error").path("code")
                .asInt()).isEqualTo(457);
        assertThat(json(post("/janus", "{\"janus\":\"create\",\"transaction\":\"t\",\"pad\":\"" + "x".repeat(70_000) + "\"}"))
                .path("error").path("reason").asText()).startsWith("Request too large");
        assertThat(json(post("/janus/5", "{\"janus\":\"keepalive\",\"transaction\":\"t\",\"token\":\"alice\"}"))
                .path("error").path("code").asInt()).isEqualTo(458);
    }

    @Test
    void answersInfoOverHttp() throws Exception {
        HttpResponse<String> info = poll("/janus/info").get(10, TimeUnit.SECONDS);

        assertThat(json(info).path("janus").asText()).isEqualTo("server_info");
    }
}
