package dev.parley.storage.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;

import java.util.Map;

/**
 * An event's message as delivered: the wire's base64 decoded to UTF-8 text (docs/protocol.md section 2.4). When the
 * text is a JSON object its keys are the push's fields ({@code message}, {@code ios_voip}, {@code ios_badge},
 * custom keys...); any other text is the alert's body, as {@code {"message": text}}.
 */
public record PushMessage(String text, Map<String, Object> fields) {

    public static PushMessage of(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                Map<String, Object> fields = Json.MAPPER.readValue(trimmed, new TypeReference<>() {
                });
                if (fields != null) {
                    return new PushMessage(text, fields);
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: plain text.
            }
        }
        return new PushMessage(text, Map.of("message", text));
    }

    /** A text field ({@code message}, {@code ios_sound}...) as text, or null. */
    public String text(String key) {
        Object value = fields.get(key);
        return value == null || value instanceof Map<?, ?> || value instanceof java.util.List<?> ? null : String.valueOf(value);
    }

    /** {@code ios_voip: 1} (or {@code "1"}, {@code true}): a VoIP push to iOS devices. */
    public boolean voip() {
        Object value = fields.get("ios_voip");
        return value != null && switch (String.valueOf(value).strip()) {
            case "1", "true" -> true;
            default -> false;
        };
    }
}
