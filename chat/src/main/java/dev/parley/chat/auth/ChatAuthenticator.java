package dev.parley.chat.auth;

import java.util.Optional;

/**
 * Checks the credentials a chat client authenticates with (docs/protocol.md §3.1): the user's password, or a live
 * REST session token of that user. Implemented outside the chat module (it needs the REST services).
 * Calls block (database, password hashing): never call from an event loop. Thread-safe.
 */
public interface ChatAuthenticator {

    /**
     * @param applicationId the application named by the authcid, or empty when the authcid was only a user id
     * @param userId        the user named by the authcid
     * @param secret        password or session token
     * @return the authenticated user, or empty when the credentials do not match
     */
    Optional<AuthenticatedUser> authenticate(Optional<Long> applicationId, long userId, String secret);

    /** A user whose credentials matched; {@code tokenHash} is set when a session token was the secret. */
    record AuthenticatedUser(long applicationId, long userId, String tokenHash) {
    }
}
