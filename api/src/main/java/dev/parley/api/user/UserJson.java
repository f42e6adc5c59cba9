package dev.parley.api.user;

import dev.parley.storage.model.User;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user object of docs/protocol.md section 2.2. Email and phone are contact details: they are shown to the
 * user themself and hidden (null) from other users of the application.
 */
public final class UserJson {

    private UserJson() {
    }

    /** @param viewerId the id of the session's user, or null for an application-only session */
    public static Map<String, Object> render(User user, Long viewerId) {
        boolean self = viewerId != null && viewerId == user.id();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("full_name", user.fullName());
        json.put("email", self ? user.email() : null);
        json.put("login", user.login());
        json.put("phone", self ? user.phone() : null);
        json.put("website", user.website());
        json.put("created_at", iso(user.createdAt()));
        json.put("updated_at", iso(user.updatedAt()));
        json.put("last_request_at", iso(user.lastRequestAt()));
        json.put("external_user_id", user.externalUserId());
        json.put("custom_data", user.customData());
        json.put("avatar", user.avatar());
        json.put("user_tags", user.userTags());
        json.put("timezone", user.timezone());
        json.put("is_guest", user.guest());
        return json;
    }

    public static Map<String, Object> wrapped(User user, Long viewerId) {
        return Map.of("user", render(user, viewerId));
    }

    /** ISO-8601 in UTC with a Z, as the SDKs parse it; null stays null. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
