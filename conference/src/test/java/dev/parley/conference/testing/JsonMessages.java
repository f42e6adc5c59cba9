package dev.parley.conference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;

import java.io.IOException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Janus WebSocket client's listener (docs/protocol.md §4.1): each text message, joined from its frames, parsed as
 * JSON and kept for the test to take in order.
 *
 * <p>Threading: the JDK's WebSocket calls it on its own threads; {@link #poll} may be called from any thread.
 */
public class JsonMessages implements WebSocket.Listener {

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(Json.MAPPER.readTree(partial.toString()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The next message received, waiting up to {@code limit}; null if none came. */
    public JsonNode poll(Duration limit) throws InterruptedException {
        return received.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
