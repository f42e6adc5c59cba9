package dev.parley.api.push;

import dev.parley.api.user.UserJson;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushSubscription;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions and events as the ConnectyCube and QuickBlox SDKs read them (docs/protocol.md section 2.4): each
 * wrapped in an object under its kind, in a list. A subscription shows its channel and device, never its token or
 * keys; an event shows its message as the base64 it was sent in.
 */
final class PushJson {

    private PushJson() {
    }

    static List<Map<String, Object>> subscriptions(List<PushSubscription> subscriptions) {
        return subscriptions.stream().map(s -> Map.<String, Object>of("subscription", subscription(s))).toList();
    }

    static Map<String, Object> subscription(PushSubscription subscription) {
        PushSubscription.Details d = subscription.details();
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("udid", d.udid());
        device.put("platform", Map.of("name", d.platform()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", subscription.id());
        json.put("notification_channel", Map.of("name", d.channel().wireName()));
        json.put("device", device);
        return json;
    }

    static List<Map<String, Object>> event(PushEvent event) {
        PushEvent.Details d = event.details();
        String time = UserJson.iso(event.createdAt());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("event_type", "one_shot");
        json.put("message", Base64.getEncoder().encodeToString(d.message().getBytes(StandardCharsets.UTF_8)));
        json.put("date", null);
        json.put("period", null);
        json.put("name", d.name());
        json.put("occured_count", 0);
        json.put("end_date", null);
        json.put("active", true);
        json.put("application_id", event.applicationId());
        json.put("user_id", event.senderId());
        json.put("kind", "API");
        json.put("tag_query", d.tagQuery());
        json.put("environment", d.environment());
        json.put("notification_channel", Map.of("name", d.pushType() == null ? "all" : d.pushType().wireName()));
        json.put("created_at", time);
        json.put("updated_at", time);
        return List.of(Map.of("event", json));
    }
}
