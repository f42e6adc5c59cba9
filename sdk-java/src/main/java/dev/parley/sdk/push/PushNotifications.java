package dev.parley.sdk.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.ParleyClient;

/**
 * Push notifications over REST (docs/protocol.md §2.4), named as ConnectyCube's SDKs and the browser SDK's
 * {@code Parley.pushnotifications} name them: a device registers the token its push provider gave it (an FCM
 * registration token on Android, an APNs device or VoIP token on iOS), and an app sends events to users. Blocking
 * calls with the client's session (its request timeout bounds each).
 */
public final class PushNotifications {

    /** The channels of a token a native app registers; the browser's {@code web} channel is the browser SDK's. */
    public enum Channel {
        /** FCM (Android); the hosted products' name for it. */
        GCM("gcm", "android"),
        /** APNs alerts (iOS). */
        APNS("apns", "ios"),
        /** APNs VoIP pushes (iOS PushKit, for CallKit). */
        APNS_VOIP("apns_voip", "ios");

        private final String wire;
        private final String platform;

        Channel(String wire, String platform) {
            this.wire = wire;
            this.platform = platform;
        }

        public String wire() {
            return wire;
        }
    }

    /** The provider environment a subscription belongs to; an event naming one skips the other's subscriptions. */
    public enum Environment {
        DEVELOPMENT, PRODUCTION;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ParleyClient rest;

    public PushNotifications(ParleyClient rest) {
        this.rest = rest;
    }

    /**
     * Registers the signed-in user's device: {@code token} is the FCM registration token ({@link Channel#GCM}) or the
     * APNs device or VoIP token in hex; {@code udid} names the device (a second subscription of the same udid and
     * channel replaces the first); {@code environment} may be null.
     */
    public PushSubscription createSubscription(Channel channel, String token, String udid, Environment environment) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("a subscription needs the provider's token");
        if (udid == null || udid.isBlank()) throw new IllegalArgumentException("a subscription needs the device's udid");
        Map<String, Object> pushToken = new LinkedHashMap<>();
        if (environment != null) pushToken.put("environment", environment.wire());
        pushToken.put("client_identification_sequence", token);
        return createSubscription(Map.of("notification_channel", channel.wire, "push_token", pushToken,
                "device", Map.of("platform", channel.platform, "udid", udid)));
    }

    /** Registers a subscription from its fields as docs/api.md names them (e.g. with {@code bundle_identifier}). */
    public PushSubscription createSubscription(Map<String, Object> fields) {
        return PushSubscription.from(rest.request("POST", "/subscriptions", fields).path(0));
    }

    /** The signed-in user's subscriptions, oldest first. */
    public List<PushSubscription> subscriptions() {
        List<PushSubscription> subscriptions = new ArrayList<>();
        for (JsonNode node : rest.request("GET", "/subscriptions", null)) subscriptions.add(PushSubscription.from(node));
        return subscriptions;
    }

    /** Deletes one of the user's subscriptions (404 as a {@code ParleyException} when it is not the user's). */
    public void deleteSubscription(long id) {
        if (id <= 0) throw new IllegalArgumentException("a subscription id is a positive integer");
        rest.request("DELETE", "/subscriptions/" + id, null);
    }

    /**
     * Sends a push to users: {@code message}'s keys are the push's fields ({@code message} the alert text,
     * {@code ios_voip: 1} for a CallKit invitation, others passed to the app); {@code environment} may be null.
     */
    public PushEvent createEvent(Collection<Long> userIds, Map<String, ?> message, Environment environment) {
        if (userIds.isEmpty()) throw new IllegalArgumentException("an event needs at least one user id");
        String json;
        try {
            json = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the message as JSON", e);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("notification_type", "push");
        if (environment != null) event.put("environment", environment.wire());
        event.put("message", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        event.put("user", Map.of("ids", List.copyOf(userIds)));
        return createEvent(event);
    }

    /** Sends an event from its fields as docs/api.md names them (those under {@code event}). */
    public PushEvent createEvent(Map<String, Object> event) {
        return PushEvent.from(rest.request("POST", "/events", Map.of("event", event)).path(0));
    }
}
