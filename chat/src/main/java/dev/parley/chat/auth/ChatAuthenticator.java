package dev.parley.chat.auth;

import java.util.Optional;

/**
 * Checks the credentials a chat client authenticates with (docs/protocol.md §3.1): a live REST session token
 * of the user, or the user's password. Two steps, because they differ in cost and in what guessing them means:
 * a token is looked up (cheap; 256 random bits cannot be guessed), a password is hashed (Argon2id; each check
 * is a guess, so the caller counts it against the login budgets first). Implemented outside the chat module
 * (it needs the REST services). Calls block (database, password hashing): never call from an event loop.
 * Thread-safe.
 */
public interface ChatAuthenticator {

    /**
     * @param applicationId the application named by the authcid, or empty when the authcid was only a user id
     * @param userId        the user named by the authcid
     * @param secret        what the client sent: perhaps a session token
     * @return the user when {@code secret} is a live session token of theirs; {@link Result.Rejected} when it
     *     is not (it may still be the password)
     */
    Result byToken(Optional<Long> applicationId, long userId, String secret);

    /** The same for the user's password: {@link Result.Rejected} for a wrong password or an unknown user. */
    Result byPassword(Optional<Long> applicationId, long userId, String password);

    /** How a check ended. */
    sealed interface Result {

        /** The credentials matched. */
        record Authenticated(AuthenticatedUser user) implements Result {
        }

        /** They did not (or name nobody). */
        record Rejected() implements Result {
        }

        /**
         * The check could not be made (the database is down, the password hasher is saturated): not the
         * client's fault, and no guess; RFC 6120 §6.5 calls it temporary-auth-failure.
         */
        record Unavailable(String reason) implements Result {
        }
    }

    /**
     * A user whose credentials matched; {@code tokenHash} is set when a session token was the secret, and
     * {@code guest} for a guest user (who may store fewer offline messages).
     */
    record AuthenticatedUser(long applicationId, long userId, String tokenHash, boolean guest) {
    }
}
