package dev.parley.sdk.conference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.call.Scheduler;
import dev.parley.sdk.media.IceCandidate;

/**
 * One Janus session over one WebSocket (subprotocol {@code janus-protocol}), as janus.js holds it:
 * {@code create}, {@code attach}, {@code message} (answered by an {@code ack} and later an {@code event} with the
 * same transaction, or at once by {@code success} for the video room's synchronous requests), {@code trickle},
 * {@code detach}, {@code destroy}, and a {@code keepalive} every 25 s (Janus ends a session after 60 s without a
 * request). Every request carries the token. See docs/protocol.md §4.1-4.2.
 *
 * <p>Threading: the WebSocket's listener runs on the HTTP client's threads and only hands each message to the
 * {@link Scheduler}; answers complete and handle events run there, in arrival order. Requests may be sent from any
 * thread (sends are chained, as the WebSocket API asks). Every request's answer waits at most the answer timeout.
 */
final class JanusClient implements JanusConnection {

    static final String VIDEOROOM = "janus.plugin.videoroom";
    static final long KEEPALIVE_MS = 25_000;
    /** A Janus message larger than this (an SDP with many streams is ~20 kB) ends the connection. */
    static final int MAX_MESSAGE_CHARS = 1 << 20;

    private final ObjectMapper json;
    private final String token;
    private final Scheduler thread;
    private final long answerTimeoutMs;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<JsonNode>> handles = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closedByServer = new CompletableFuture<>();
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private Scheduler.Task keepalive;
    private volatile long sessionId;
    private volatile CompletableFuture<Void> closing;

    private JanusClient(ObjectMapper json, String token, Scheduler thread, long answerTimeoutMs) {
        this.json = json;
        this.token = token;
        this.thread = thread;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    /** Opens the WebSocket and creates a Janus session on it; completes on {@code thread}. */
    static CompletableFuture<JanusClient> connect(HttpClient http, URI server, String token, ObjectMapper json, Scheduler thread,
                                                  long answerTimeoutMs) {
        JanusClient client = new JanusClient(json, token, thread, answerTimeoutMs);
        return http.newWebSocketBuilder()
                .subprotocols("janus-protocol")
                .connectTimeout(Duration.ofMillis(answerTimeoutMs))
                .buildAsync(server, client.new Listener())
                .thenComposeAsync(ws -> {
                    client.socket = ws;
                    return client.request(client.envelope("create"));
                }, thread)
                .thenApply(created -> {
                    client.sessionId = created.path("data").path("id").asLong();
                    client.keepalive = thread.repeat(() -> client.request(client.sessionEnvelope("keepalive")), KEEPALIVE_MS);
                    return client;
                });
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closedByServer;
    }

    @Override
    public CompletableFuture<Long> attach(Consumer<JsonNode> onEvent) {
        ObjectNode attach = sessionEnvelope("attach").put("plugin", VIDEOROOM);
        return request(attach).thenApply(success -> {
            long handle = success.path("data").path("id").asLong();
            handles.put(handle, onEvent);
            return handle;
        });
    }

    @Override
    public CompletableFuture<JsonNode> message(long handle, ObjectNode body, String jsepType, String sdp) {
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
    @Override
    public CompletableFuture<JsonNode> trickle(long handle, IceCandidate candidate) {
        ObjectNode trickle = handleEnvelope("trickle", handle);
        trickle.putObject("candidate").put("candidate", candidate.candidate()).put("sdpMid", candidate.sdpMid())
                .put("sdpMLineIndex", candidate.sdpMLineIndex());
        return request(trickle);
    }

    @Override
    public CompletableFuture<JsonNode> detach(long handle) {
        return request(handleEnvelope("detach", handle)).whenComplete((ok, error) -> handles.remove(handle));
    }

    /** Destroys the session, then closes the socket; each step bounded by the answer timeout, failures ignored. */
    @Override
    public synchronized CompletableFuture<Void> close() {
        if (closing != null) return closing;
        if (keepalive != null) keepalive.cancel();
        CompletableFuture<Void> destroyed = socket == null || closedByServer.isDone() ? CompletableFuture.completedFuture(null)
                : request(sessionEnvelope("destroy")).handle((ok, error) -> null);
        closing = destroyed.thenCompose(ignored -> {
            synchronized (this) {
                sending = sending.handle((ws, error) -> null)
                        .thenCompose(ignoredToo -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
                return sending;
            }
        }).handleAsync((ws, error) -> {
            socket.abort();
            pending.values().forEach(p -> p.answer().completeExceptionally(new ParleyException("the Janus session is closed")));
            return null;
        }, thread);
        return closing;
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
     * Sends a request. Its future completes with the final answer: for a {@code message} the {@code event} or
     * {@code success} after the {@code ack}; for {@code trickle} and {@code keepalive} the {@code ack}; for the rest
     * {@code success}. A Janus error fails it, and so does no answer within the answer timeout.
     */
    private CompletableFuture<JsonNode> request(ObjectNode request) {
        String transaction = request.get("transaction").asText();
        String what = request.get("janus").asText();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(transaction, new Pending(answer, "message".equals(what)));
        Scheduler.Task timeout = thread.schedule(() -> answer.completeExceptionally(
                new TimeoutException("no answer to Janus '" + what + "' within " + answerTimeoutMs + " ms")), answerTimeoutMs);
        answer.whenComplete((ok, error) -> {
            pending.remove(transaction);
            timeout.cancel();
        });
        String text;
        try {
            text = json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            answer.completeExceptionally(e);
            return answer;
        }
        synchronized (this) {
            sending = sending.handle((ws, error) -> null).thenCompose(ignored -> socket.sendText(text, true));
            sending.whenCompleteAsync((ws, error) -> {
                if (error != null) answer.completeExceptionally(new ParleyException("Janus '" + what + "' not sent", error));
            }, thread);
        }
        return answer;
    }

    /** A request waiting for its answer; a message's {@code ack} is not its answer. */
    private record Pending(CompletableFuture<JsonNode> answer, boolean ackIsNotFinal) {
    }

    /** One parsed message from the server, on the scheduler thread. */
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
            closedByServer.completeExceptionally(new ParleyException("the Janus session timed out"));
            return;
        }
        Consumer<JsonNode> handle = handles.get(message.path("sender").asLong());
        if (handle != null) handle.accept(message);
    }

    /** Receives whole text messages (assembling fragments), parses them and hands them to the scheduler thread. */
    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (partial.length() > MAX_MESSAGE_CHARS) {
                ws.abort();
                closedByServer.completeExceptionally(new ParleyException("a Janus message over " + MAX_MESSAGE_CHARS + " characters"));
                return null;
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = json.readTree(text);
                    thread.execute(() -> onMessage(message));
                } catch (IOException e) {
                    ws.abort();
                    closedByServer.completeExceptionally(new ParleyException("Janus sent something that is not JSON", e));
                    return null;
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
