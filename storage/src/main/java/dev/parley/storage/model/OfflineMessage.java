package dev.parley.storage.model;

import java.time.Instant;

/** A stanza stored for an offline user, as serialized XML with the sender already stamped in it. */
public record OfflineMessage(long id, long applicationId, long userId, String stanza, Instant createdAt) {
}
