package dev.parley.sdk.push;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A push sent to users, as {@code POST /events} answers it (docs/protocol.md §2.4).
 *
 * @param userId  the sender, null for an application session
 * @param channel the {@code push_type} asked for, or {@code all}
 */
public record PushEvent(long id, String message, Long userId, String channel, String environment) {

    static PushEvent from(JsonNode item) {
        JsonNode node = item.path("event");
        return new PushEvent(node.path("id").asLong(), node.path("message").asText(),
                node.path("user_id").isNumber() ? node.path("user_id").asLong() : null,
                node.path("notification_channel").path("name").asText(),
                node.path("environment").isTextual() ? node.path("environment").asText() : null);
    }
}
