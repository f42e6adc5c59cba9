package dev.parley.storage;

import dev.parley.storage.model.Session;

import java.time.Instant;
import java.util.Optional;

/** REST sessions, looked up by the SHA-256 of their token. Implementations are thread-safe. */
public interface SessionRepository {

    Session create(long applicationId, Long userId, String tokenHash, boolean guest, String nonce, long ts,
                   Instant now, Instant expiresAt);

    Optional<Session> findByTokenHash(String tokenHash);

    /** Records a use: moves {@code updatedAt} and the sliding expiry forward. */
    void touch(long id, Instant now, Instant expiresAt);

    /** Attaches a user to the session (login) or detaches it ({@code userId} null, logout). */
    void setUser(long id, Long userId, boolean guest, Instant now, Instant expiresAt);

    boolean delete(long id);

    /** Removes sessions whose expiry is before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
