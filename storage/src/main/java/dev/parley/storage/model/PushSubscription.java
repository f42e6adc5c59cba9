package dev.parley.storage.model;

import java.time.Instant;

/**
 * A user's device registered with a push provider (docs/protocol.md section 2.4).
 *
 * @param details what the device sent: its channel, udid and platform and the provider's token or Web Push keys
 */
public record PushSubscription(long id, long applicationId, long userId, Details details, Instant createdAt,
                               Instant updatedAt) {

    /**
     * @param environment {@code development} or {@code production}, or null when the device named none
     * @param token       the APNs device token or FCM registration token; null for Web Push
     * @param webEndpoint the RFC 8030 push resource URL; the next two are the RFC 8291 keys, base64url
     */
    public record Details(PushChannel channel, String udid, String platform, String environment, String token,
                          String bundleIdentifier, String webEndpoint, String webAuth, String webP256dh) {
    }
}
