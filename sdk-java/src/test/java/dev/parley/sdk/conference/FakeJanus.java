package dev.parley.sdk.conference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.media.IceCandidate;

/**
 * An in-memory Janus session: handles are numbered from 1, every message waits until the test answers it, and the
 * test raises handle events. Runs on the test thread (the fake scheduler's).
 */
final class FakeJanus implements JanusConnection {

    /** A message sent, and the future its answer completes. */
    record Sent(long handle, JsonNode body, String jsepType, String sdp, CompletableFuture<JsonNode> answer) {
        String request() {
            return body.path("request").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Sent> sent = new ArrayList<>();
    final Map<Long, Consumer<JsonNode>> handles = new HashMap<>();
    final List<IceCandidate> trickled = new ArrayList<>();
    final List<Long> detached = new ArrayList<>();
    final CompletableFuture<Void> closedByServer = new CompletableFuture<>();
    boolean closed;
    private long nextHandle = 1;

    @Override
    public CompletableFuture<Long> attach(Consumer<JsonNode> onEvent) {
        long handle = nextHandle++;
        handles.put(handle, onEvent);
        return CompletableFuture.completedFuture(handle);
    }

    @Override
    public CompletableFuture<JsonNode> message(long handle, ObjectNode body, String jsepType, String sdp) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        sent.add(new Sent(handle, body.deepCopy(), jsepType, sdp, answer));
        return answer;
    }

    @Override
    public CompletableFuture<JsonNode> trickle(long handle, IceCandidate candidate) {
        trickled.add(candidate);
        return CompletableFuture.completedFuture(JSON.createObjectNode().put("janus", "ack"));
    }

    @Override
    public CompletableFuture<JsonNode> detach(long handle) {
        detached.add(handle);
        return CompletableFuture.completedFuture(JSON.createObjectNode().put("janus", "success"));
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closedByServer;
    }

    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        return CompletableFuture.completedFuture(null);
    }

    /** The last message sent with this request name. */
    Sent last(String request) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).request().equals(request)) return sent.get(i);
        }
        throw new AssertionError("no '" + request + "' sent; sent: " + sent.stream().map(Sent::request).toList());
    }

    /** Answers a message with a plugin event {@code data} and, when {@code sdp} is set, a JSEP of that type. */
    static void answer(Sent message, String data, String jsepType, String sdp) {
        message.answer().complete(event(message.handle(), data, jsepType, sdp));
    }

    /** Raises an event on a handle. */
    void raise(long handle, JsonNode event) {
        handles.get(handle).accept(event);
    }

    static ObjectNode event(long handle, String data, String jsepType, String sdp) {
        try {
            ObjectNode event = JSON.createObjectNode().put("janus", "event").put("sender", handle);
            event.putObject("plugindata").put("plugin", JanusClient.VIDEOROOM).set("data", JSON.readTree(data));
            if (sdp != null) event.putObject("jsep").put("type", jsepType).put("sdp", sdp);
            return event;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode core(long handle, String json) {
        try {
            return ((ObjectNode) JSON.readTree(json)).put("sender", handle);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
