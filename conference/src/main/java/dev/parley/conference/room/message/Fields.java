package dev.parley.conference.room.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of a request object with Janus's refusals: a missing mandatory element is 429 "Missing mandatory
 * element (x)", a wrong type 430 "Invalid element type (x should be y)", a value out of bounds 430 "Invalid element
 * (...)". Absent and JSON null are the same.
 */
final class Fields {

    /** Ids stay below 2^53 so that JavaScript reads them exactly. */
    static final long MAX_ID = (1L << 53) - 1;
    static final int MAX_TEXT = 256;
    static final int MAX_LIST = 64;

    private final JsonNode node;

    Fields(JsonNode node) {
        this.node = node;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    String requiredString(String name) throws VideoRoomException {
        if (!has(name)) {
            throw missing(name);
        }
        return string(name);
    }

    /** A string of at most {@value #MAX_TEXT} characters, or null. */
    String string(String name) throws VideoRoomException {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isTextual()) {
            throw invalidType(name, "a string");
        }
        if (value.textValue().length() > MAX_TEXT) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                    "Invalid element (" + name + " is longer than " + MAX_TEXT + " characters)");
        }
        return value.textValue();
    }

    Boolean bool(String name) throws VideoRoomException {
        if (!has(name)) {
            return null;
        }
        if (!node.get(name).isBoolean()) {
            throw invalidType(name, "a boolean");
        }
        return node.get(name).booleanValue();
    }

    boolean flag(String name) throws VideoRoomException {
        return Boolean.TRUE.equals(bool(name));
    }

    /** A positive integer that JavaScript reads exactly, or 0 when absent. */
    long id(String name) throws VideoRoomException {
        if (!has(name)) {
            return 0;
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 1 || value.longValue() > MAX_ID) {
            throw invalidType(name, "a positive integer");
        }
        return value.longValue();
    }

    long requiredId(String name) throws VideoRoomException {
        if (!has(name)) {
            throw missing(name);
        }
        return id(name);
    }

    /** A non-negative integer, or -1 when absent. */
    long count(String name) throws VideoRoomException {
        if (!has(name)) {
            return -1;
        }
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw invalidType(name, "a positive integer");
        }
        return value.longValue();
    }

    /** A simulcast layer, 0 (the lowest) to 2 (the highest), as Janus's {@code substream}/{@code temporal}; -1 when absent. */
    int layer(String name) throws VideoRoomException {
        long value = count(name);
        if (value > 2) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (" + name
                    + " should be 0, 1 or 2)");
        }
        return (int) value;
    }

    RoomId room(boolean required) throws VideoRoomException {
        if (!has("room")) {
            if (required) {
                throw missing("room");
            }
            return null;
        }
        JsonNode value = node.get("room");
        if (value.isTextual()) {
            String text = value.textValue();
            if (text.isEmpty() || text.length() > RoomId.MAX_LENGTH || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (room must be 1-"
                        + RoomId.MAX_LENGTH + " printable characters)");
            }
            return new RoomId(text, false);
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0 && value.longValue() <= MAX_ID) {
            return new RoomId(Long.toString(value.longValue()), true);
        }
        throw invalidType("room", "a string or a positive integer");
    }

    List<JsonNode> objects(String name) throws VideoRoomException {
        if (!has(name)) {
            return List.of();
        }
        JsonNode value = node.get(name);
        if (!value.isArray()) {
            throw invalidType(name, "an array");
        }
        if (value.size() > MAX_LIST) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                    "Invalid element (" + name + " has more than " + MAX_LIST + " entries)");
        }
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode each : value) {
            if (!each.isObject()) {
                throw invalidType(name, "an array of objects");
            }
            objects.add(each);
        }
        return objects;
    }

    List<String> strings(String name) throws VideoRoomException {
        if (!has(name)) {
            return null;
        }
        JsonNode value = node.get(name);
        if (!value.isArray() || value.size() > MAX_LIST) {
            throw invalidType(name, "an array of at most " + MAX_LIST + " strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode each : value) {
            if (!each.isTextual() || each.textValue().length() > MAX_TEXT) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid element in the " + name + " array (not a string of at most " + MAX_TEXT + " characters)");
            }
            strings.add(each.textValue());
        }
        return strings;
    }

    static Fields of(ObjectNode node) {
        return new Fields(node);
    }

    static VideoRoomException missing(String name) {
        return new VideoRoomException(VideoRoomError.MISSING_ELEMENT, "Missing mandatory element (" + name + ")");
    }

    static VideoRoomException invalidType(String name, String expected) {
        return new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                "Invalid element type (" + name + " should be " + expected + ")");
    }
}
