package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.core.PluginRequest;
import dev.parley.conference.janus.Jsep;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomEvents;

/**
 * How a room answers one request: synchronous requests with the core's {@code success} in the request's transaction,
 * the others (already acknowledged) with an {@code event} carrying that transaction. Thread-safe.
 */
final class Reply {

    private final PluginHandle handle;
    private final PluginRequest request;
    private final boolean synchronous;

    Reply(PluginHandle handle, PluginRequest request, boolean synchronous) {
        this.handle = handle;
        this.request = request;
        this.synchronous = synchronous;
    }

    PluginHandle handle() {
        return handle;
    }

    PluginRequest request() {
        return request;
    }

    void send(ObjectNode data) {
        send(data, null);
    }

    void send(ObjectNode data, Jsep jsep) {
        if (synchronous) {
            request.success(data);
        } else {
            handle.event(data, jsep, request.transaction());
        }
    }

    void error(VideoRoomError error, String reason) {
        send(VideoRoomEvents.error(error, reason));
    }
}
