package dev.parley.push;

import java.time.Duration;

/**
 * What a provider answered to one push.
 *
 * @param retryAfter for {@link Outcome#RETRY}, how long the provider asked to wait, or null
 * @param detail     the provider's reason, for logs
 */
public record SendResult(Outcome outcome, Duration retryAfter, String detail) {

    public enum Outcome {
        /** The provider took the message. */
        DELIVERED,
        /** The token or subscription is no longer valid (APNs 410, FCM UNREGISTERED, Web Push 404/410): delete it. */
        GONE,
        /** A passing failure (outage, timeout, throttling, 5xx): try again later. */
        RETRY,
        /** The provider refused this message for good (bad request, payload, credentials): drop it. */
        REJECTED
    }

    public static SendResult delivered() {
        return new SendResult(Outcome.DELIVERED, null, null);
    }

    public static SendResult gone(String detail) {
        return new SendResult(Outcome.GONE, null, detail);
    }

    public static SendResult retry(Duration retryAfter, String detail) {
        return new SendResult(Outcome.RETRY, retryAfter, detail);
    }

    /** A {@code Retry-After} header in seconds (RFC 9110 §10.2.3), or null when absent or a date. */
    public static Duration parseRetryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static SendResult rejected(String detail) {
        return new SendResult(Outcome.REJECTED, null, detail);
    }
}
