package dev.parley.sdk.conference;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A video room id as a request carries it: a JSON number when it is all digits (Janus's integer rooms; Parley
 * takes {@code 1234} and {@code "1234"} as one room), a string otherwise (a meeting's {@code _id});
 * docs/protocol.md §4.5.
 */
record RoomId(String text) {

    /** Longer ids are refused before anything is sent. */
    static final int MAX_LENGTH = 128;

    RoomId {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a room id is needed");
        if (text.length() > MAX_LENGTH) throw new IllegalArgumentException("a room id has at most " + MAX_LENGTH + " characters");
    }

    /** Sets {@code room} on a video room request. */
    ObjectNode putOn(ObjectNode request) {
        return text.matches("[0-9]{1,15}") ? request.put("room", Long.parseLong(text)) : request.put("room", text);
    }

    @Override
    public String toString() {
        return text;
    }
}
