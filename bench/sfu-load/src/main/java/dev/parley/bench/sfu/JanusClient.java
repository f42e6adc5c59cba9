package dev.parley.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Janus API session over its own WebSocket ({@code janus-protocol} subprotocol), as janus.js makes it: create,
 * attach to the video room plugin, messages with an optional JSEP, keepalives. A request's answer is the first
 * message with its transaction that is not an {@code ack} (an asynchronous plugin event carries the transaction too).
 */
final class JanusClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final String token;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private long session;

    private JanusClient(WebSocket socket, String token) {
        this.socket = socket;
        this.token = token;
    }

    /** Connects and creates the session; {@code token} (Parley's REST session token) may be null for Janus. */
    static JanusClient connect(HttpClient http, URI uri, String token) throws IOException {
        Receiver receiver = new Receiver();
        WebSocket socket = await(http.newWebSocketBuilder().subprotocols("janus-protocol").connectTimeout(TIMEOUT)
                .buildAsync(uri, receiver), "WebSocket to " + uri);
        JanusClient client = new JanusClient(socket, token);
        receiver.client = client;
        client.session = client.request(client.body("create")).path("data").path("id").asLong();
        return client;
    }

    /** Attaches a video room handle; returns its id. */
    long attach() throws IOException {
        ObjectNode body = body("attach");
        body.put("session_id", session).put("plugin", "janus.plugin.videoroom");
        return request(body).path("data").path("id").asLong();
    }

    /** Detaches a handle (its peer connection closes). */
    void detach(long handle) throws IOException {
        ObjectNode body = body("detach");
        body.put("session_id", session).put("handle_id", handle);
        request(body);
    }

    /** A plugin message; returns the answer (plugindata, and jsep when there is one). Fails on a plugin error. */
    JsonNode message(long handle, ObjectNode pluginBody, String jsepType, String sdp) throws IOException {
        ObjectNode body = body("message");
        body.put("session_id", session).put("handle_id", handle).set("body", pluginBody);
        if (jsepType != null) {
            body.putObject("jsep").put("type", jsepType).put("sdp", sdp);
        }
        JsonNode answer = request(body);
        JsonNode data = answer.path("plugindata").path("data");
        if (data.has("error_code")) {
            throw new IOException("video room error " + data.path("error_code") + ": " + data.path("error").asText());
        }
        return answer;
    }

    /** Keeps the session alive (both servers time sessions out after 60 s without a request). */
    void keepalive() {
        ObjectNode body = body("keepalive");
        body.put("session_id", session);
        synchronized (socket) {   // one send at a time on a WebSocket
            try {
                await(socket.sendText(body.toString(), true), "keepalive");
            } catch (IOException e) {
                System.err.println("sfu-load: " + e.getMessage());
            }
        }
    }

    private ObjectNode body(String janus) {
        ObjectNode body = JSON.createObjectNode().put("janus", janus).put("transaction", "t" + transactions.incrementAndGet());
        if (token != null) {
            body.put("token", token);
        }
        return body;
    }

    private JsonNode request(ObjectNode body) throws IOException {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(body.path("transaction").asText(), answer);
        synchronized (socket) {
            await(socket.sendText(body.toString(), true), "sending " + body.path("janus").asText());
        }
        JsonNode reply = await(answer, body.path("janus").asText() + " answer");
        if (reply.path("janus").asText().equals("error")) {
            throw new IOException(body.path("janus").asText() + ": error " + reply.path("error"));
        }
        return reply;
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        String kind = message.path("janus").asText();
        if (kind.equals("ack") || !message.has("transaction")) {
            return;
        }
        CompletableFuture<JsonNode> answer = pending.remove(message.path("transaction").asText());
        if (answer != null) {
            answer.complete(message);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer in " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted");
        }
    }

    @Override
    public void close() {
        ObjectNode body = body("destroy");
        body.put("session_id", session);
        synchronized (socket) {
            closeSocket(body);
        }
    }

    private void closeSocket(ObjectNode destroy) {
        try {
            socket.sendText(destroy.toString(), true).get(2, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
        }
    }

    /** Gathers a message's parts (at most 1 MiB) and hands it to the client. */
    private static final class Receiver implements WebSocket.Listener {
        private static final int MAX_MESSAGE = 1 << 20;
        private final StringBuilder text = new StringBuilder();
        volatile JanusClient client;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (text.length() + data.length() <= MAX_MESSAGE) {
                text.append(data);
            }
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (client != null) {
                    client.received(message);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
