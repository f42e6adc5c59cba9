package dev.parley.conference.room.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A room id as clients give it (docs/protocol.md §4.5): a string — a meeting's {@code _id} or any id the app makes up —
 * or, as janus.js's demos do, a number. {@code 1234} and {@code "1234"} name the same room; events give the id back in
 * the form the room was first named with.
 */
public record RoomId(String value, boolean numeric) {

    public static final int MAX_LENGTH = 128;

    /** The key rooms are found by within an application. */
    public String key() {
        return value;
    }

    public JsonNode wire() {
        return numeric ? JsonNodeFactory.instance.numberNode(Long.parseLong(value)) : JsonNodeFactory.instance.textNode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
