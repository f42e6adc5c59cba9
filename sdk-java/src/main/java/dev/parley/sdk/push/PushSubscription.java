package dev.parley.sdk.push;

import com.fasterxml.jackson.databind.JsonNode;

/** A device's registration on one push channel, as {@code POST/GET /subscriptions} answer it (docs/protocol.md §2.4). */
public record PushSubscription(long id, String channel, String udid, String platform) {

    static PushSubscription from(JsonNode item) {
        JsonNode node = item.path("subscription");
        return new PushSubscription(node.path("id").asLong(), node.path("notification_channel").path("name").asText(),
                node.path("device").path("udid").asText(), node.path("device").path("platform").path("name").asText());
    }
}
