package dev.parley.storage.model;

import java.time.Instant;

/**
 * A REST session. Only the SHA-256 of its bearer token is stored; {@code userId} is null for an
 * application-only session. {@code updatedAt} is the last recorded use, from which the sliding
 * {@code expiresAt} is computed.
 */
public record Session(
        long id,
        long applicationId,
        Long userId,
        String tokenHash,
        boolean guest,
        String nonce,
        long ts,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {
}
