package dev.parley.storage.model;

import java.time.Instant;

/**
 * One queued delivery: an event to one subscription, with how often it was tried and when it is (or was) due.
 */
public record PushDelivery(long id, long applicationId, int attempts, Instant nextAttemptAt, PushEvent event,
                           PushSubscription subscription) {
}
