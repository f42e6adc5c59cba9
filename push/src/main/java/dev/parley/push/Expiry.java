package dev.parley.push;

import dev.parley.storage.model.PushMessage;

import java.time.Duration;
import java.time.Instant;

/**
 * When a push stops being worth delivering: the message's {@code expiration} (Unix seconds, docs/protocol.md
 * section 2.4), else the default TTL after the event. Providers are told the time left (Web Push {@code TTL},
 * FCM {@code android.ttl}, APNs {@code apns-expiration}).
 */
public final class Expiry {

    private Expiry() {
    }

    /** The instant the push expires. */
    public static Instant of(PushMessage message, Instant created, Duration defaultTtl) {
        String expiration = message.text("expiration");
        if (expiration != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(expiration.strip()));
            } catch (NumberFormatException e) {
                // Not Unix seconds: the default applies.
            }
        }
        return created.plus(defaultTtl);
    }

    /** Whole seconds left at {@code now}, at least zero. */
    public static long secondsLeft(PushMessage message, Instant created, Duration defaultTtl, Instant now) {
        return Math.max(0, Duration.between(now, of(message, created, defaultTtl)).toSeconds());
    }
}
