package dev.parley.sdk.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A video room id as the request carries it: a JSON number when it is all digits (Janus's integer
 * rooms), a string otherwise (a meeting's {@code _id}); docs/protocol.md §4.5.
 */
record RoomId(String text) {

    RoomId {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a room id is needed");
    }

    /** Sets {@code room} on a video room request. */
    ObjectNode putOn(ObjectNode request) {
        return text.matches("[0-9]{1,15}") ? request.put("room", Long.parseLong(text)) : request.put("room", text);
    }
}
