package dev.parley.conference.auth;

import java.time.Duration;

/**
 * Checks the REST session token a Janus request carries (docs/protocol.md §4.1: every request may carry {@code token}).
 * Implemented in {@code server} over the REST session service; the conference module never sees how tokens are kept.
 *
 * <p>Blocking (database): the core calls it on a worker, never on an event loop, and waits for it; it must return
 * within a bounded time (the database's connection timeout), {@link Unavailable} when it cannot tell. Thread-safe.
 */
public interface ConferenceAuth {

    /** The token's user, or why not. An application-only session (no user) is {@link Rejected}. */
    Verification verify(String token);

    /** What a token check found. */
    sealed interface Verification {
    }

    /**
     * A live user session, with the time it has left: the core takes the token as valid again without asking for at
     * most {@code parley.conference.token-recheck-interval}, never past this.
     */
    record Verified(ConferenceUser user, Duration validFor) implements Verification {
    }

    /** The token is unknown, expired, or not a user's: Janus error 403. */
    record Rejected(String reason) implements Verification {
    }

    /** The check could not be made (database down): Janus error 490, "try again"; not the client's fault. */
    record Unavailable(String reason) implements Verification {
    }
}
