package dev.parley.storage.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A push subscription's channel, by its wire name (docs/protocol.md section 2.4): APNs alerts, APNs VoIP pushes,
 * FCM (still called {@code gcm} on the wire) and Web Push.
 */
public enum PushChannel {
    APNS("apns"),
    APNS_VOIP("apns_voip"),
    GCM("gcm"),
    WEB("web");

    private final String wireName;

    PushChannel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PushChannel> byWireName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.wireName.equals(lower)).findFirst();
    }
}
