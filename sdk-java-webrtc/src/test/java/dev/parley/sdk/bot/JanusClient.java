package dev.parley.sdk.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.media.IceCandidate;

/**
 * One Janus session over one WebSocket (subprotocol {@code janus-protocol}), as janus.js holds it:
 * {@code create}, {@code attach}, {@code message} (answered by an {@code ack} and later an
 * {@code event} with the same transaction, or at once by {@code success} for the video room's
 * synchronous requests), {@code trickle}, {@code detach}, {@code destroy}, and a {@code keepalive}
 * every 25 s (Janus ends a session after 60 s without a request). Every request carries the token;
 * Janus without token authentication ignores it. See docs/protocol.md §4.1-4.2.
 *
 * <p>Threading: the WebSocket's listener runs on the HTTP client's threads; answers complete the
 * futures and plugin events go to the handle's consumer on {@code events}, one at a time in arrival
 * order. Requests may be sent from any thread (sends are serialised here).
 */
final class JanusClient implements AutoCloseable {

    static final String VIDEOROOM = "janus.plugin.videoroom";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final long KEEPALIVE_SECONDS = 25;
    private static final int MAX_MESSAGE_CHARS = 1 << 20;

    private final ObjectMapper json;
    private final String token;
    private final Executor events;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<JsonNode>> handles = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closedByServer = new CompletableFuture<>();
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> keepalive;
    private volatile long sessionId;

    private JanusClient(ObjectMapper json, String token, Executor events) {
        this.json = json;
        this.token = token;
        this.events = events;
    }

    /**
     * Opens the WebSocket and creates a Janus session on it.
     *
     * @param events where handle events are delivered (a serial executor keeps their order)
     * @param timers runs the keepalive
     */
    static CompletableFuture<JanusClient> connect(HttpClient http, URI server, String token, ObjectMapper json, Executor events,
                                                  ScheduledExecutorService timers) {
        JanusClient client = new JanusClient(json, token, events);
        return http.newWebSocketBuilder()
                .subprotocols("janus-protocol")
                .connectTimeout(ANSWER_TIMEOUT)
                .buildAsync(server, client.new Listener())
                .thenCompose(ws -> {
                    client.socket = ws;
                    return client.request(client.envelope("create"));
                })
                .thenApply(created -> {
                    client.sessionId = created.path("data").path("id").asLong();
                    client.keepalive = timers.scheduleAtFixedRate(() -> client.request(client.sessionEnvelope("keepalive")),
                            KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                    return client;
                });
    }

    /** Completes when the server closes the socket or it fails. */
    CompletableFuture<Void> closed() {
        return closedByServer;
    }

    /** Attaches a video room handle; its plugin events (and {@code webrtcup}, {@code media}...) go to {@code onEvent}. */
    CompletableFuture<Long> attach(Consumer<JsonNode> onEvent) {
        ObjectNode attach = sessionEnvelope("attach").put("plugin", VIDEOROOM);
        return request(attach).thenApply(success -> {
            long handle = success.path("data").path("id").asLong();
            handles.put(handle, onEvent);
            return handle;
        });
    }

    /**
     * Sends a plugin message; completes with the {@code event} (or synchronous {@code success}) that
     * answers it. A video room error ({@code error_code} in the plugin data) completes exceptionally.
     */
    CompletableFuture<JsonNode> message(long handle, ObjectNode body, String jsepType, String sdp) {
        ObjectNode message = handleEnvelope("message", handle);
        message.set("body", body);
        if (jsepType != null) message.putObject("jsep").put("type", jsepType).put("sdp", sdp);
        return request(message).thenApply(answer -> {
            JsonNode data = answer.path("plugindata").path("data");
            if (data.has("error_code")) throw new JanusException(data.path("error_code").asInt(), data.path("error").asText());
            return answer;
        });
    }

    /** Trickles one local candidate (the engine does not say when gathering ends, so no {@code completed}). */
    CompletableFuture<JsonNode> trickle(long handle, IceCandidate candidate) {
        ObjectNode trickle = handleEnvelope("trickle", handle);
        trickle.putObject("candidate").put("candidate", candidate.candidate()).put("sdpMid", candidate.sdpMid())
                .put("sdpMLineIndex", candidate.sdpMLineIndex());
        return request(trickle);
    }

    CompletableFuture<JsonNode> detach(long handle) {
        return request(handleEnvelope("detach", handle)).whenComplete((ok, error) -> handles.remove(handle));
    }

    /** Destroys the session and closes the socket (each step bounded; failures ignored). */
    @Override
    public void close() {
        if (keepalive != null) keepalive.cancel(false);
        if (socket == null) return;
        try {
            request(sessionEnvelope("destroy")).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the session ends with the socket anyway
        }
        CompletableFuture<WebSocket> closing;
        synchronized (this) {
            closing = sending = sending.handle((ws, error) -> null).thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closing.get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // aborted below either way
        }
        socket.abort();
        pending.values().forEach(p -> p.answer().completeExceptionally(new IllegalStateException("Janus session closed")));
    }

    private ObjectNode envelope(String janus) {
        ObjectNode request = json.createObjectNode().put("janus", janus).put("transaction", "t" + transactions.incrementAndGet());
        if (token != null) request.put("token", token);
        return request;
    }

    private ObjectNode sessionEnvelope(String janus) {
        return envelope(janus).put("session_id", sessionId);
    }

    private ObjectNode handleEnvelope(String janus, long handle) {
        return sessionEnvelope(janus).put("handle_id", handle);
    }

    /**
     * Sends a request. Its future completes with the final answer: for a {@code message} the
     * {@code event} or {@code success} after the {@code ack}; for {@code trickle} and
     * {@code keepalive} the {@code ack}; for the rest {@code success}. A Janus error fails it.
     */
    private CompletableFuture<JsonNode> request(ObjectNode request) {
        String transaction = request.get("transaction").asText();
        CompletableFuture<JsonNode> answer = new CompletableFuture<JsonNode>().orTimeout(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        pending.put(transaction, new Pending(answer, "message".equals(request.get("janus").asText())));
        answer.whenComplete((ok, error) -> pending.remove(transaction));
        String text;
        try {
            text = json.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            sending = sending.handle((ws, error) -> null).thenCompose(ignored -> socket.sendText(text, true));
            sending.whenComplete((ws, error) -> {
                if (error != null) answer.completeExceptionally(error);
            });
        }
        return answer;
    }

    /** A request waiting for its answer; a message's {@code ack} is not its answer. */
    private record Pending(CompletableFuture<JsonNode> answer, boolean ackIsNotFinal) {
    }

    private void onMessage(JsonNode message) {
        String janus = message.path("janus").asText();
        Pending waiting = message.has("transaction") ? pending.get(message.path("transaction").asText()) : null;
        if (waiting != null) {
            switch (janus) {
                case "ack" -> {
                    if (!waiting.ackIsNotFinal()) waiting.answer().complete(message);
                }
                case "error" -> waiting.answer().completeExceptionally(new JanusException(message.path("error").path("code").asInt(),
                        message.path("error").path("reason").asText()));
                default -> waiting.answer().complete(message);
            }
            return;
        }
        if ("timeout".equals(janus)) {
            closedByServer.completeExceptionally(new IllegalStateException("Janus session timed out"));
            return;
        }
        Consumer<JsonNode> handle = handles.get(message.path("sender").asLong());
        if (handle != null) Serial.run(events, () -> handle.accept(message));
    }

    /** Receives whole text messages (assembling fragments) and hands them on parsed. */
    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (partial.length() > MAX_MESSAGE_CHARS) {
                ws.abort();
                closedByServer.completeExceptionally(new IllegalStateException("a Janus message over " + MAX_MESSAGE_CHARS + " characters"));
                return null;
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(json.readTree(text));
                } catch (IOException e) {
                    closedByServer.completeExceptionally(new IllegalStateException("Janus sent something that is not JSON: " + text, e));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closedByServer.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closedByServer.completeExceptionally(error);
        }
    }
}
