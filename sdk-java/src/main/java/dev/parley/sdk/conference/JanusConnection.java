package dev.parley.sdk.conference;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.media.IceCandidate;

/**
 * One Janus session as a conference session uses it (docs/protocol.md §4.2): handles of the video room plugin,
 * their messages, trickled candidates. {@link JanusClient} speaks it over a WebSocket; tests use a fake.
 *
 * <p>Threading: every future completes, and every handle event is delivered, on the session's scheduler thread.
 */
interface JanusConnection {

    /** Attaches a video room handle; its events ({@code event}, {@code media}, {@code hangup}...) go to {@code onEvent}. */
    CompletableFuture<Long> attach(Consumer<JsonNode> onEvent);

    /**
     * Sends a plugin message, with a JSEP when {@code jsepType} is set; completes with the {@code event} (or
     * synchronous {@code success}) that answers it. A video room error fails it with {@link JanusException}.
     */
    CompletableFuture<JsonNode> message(long handle, ObjectNode body, String jsepType, String sdp);

    /** Trickles one local candidate. */
    CompletableFuture<JsonNode> trickle(long handle, IceCandidate candidate);

    CompletableFuture<JsonNode> detach(long handle);

    /** Completes when the server ends the session (socket closed, session timed out): normally or with the reason. */
    CompletableFuture<Void> closed();

    /** Destroys the Janus session and closes the transport; never blocks. Idempotent. */
    CompletableFuture<Void> close();
}
