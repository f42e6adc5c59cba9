package dev.parley.storage.model;

import java.time.Instant;

/** A tenant: users, sessions and everything else belong to exactly one application (docs/protocol.md section 1). */
public record Application(long id, String name, String authKey, String authSecret, Instant createdAt) {
}
