package dev.parley.server;

import dev.parley.api.http.ApiException;
import dev.parley.api.session.Auth;
import dev.parley.api.session.SessionService;
import dev.parley.conference.auth.ConferenceAuth;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.storage.StorageException;

import java.time.Clock;
import java.time.Duration;

/**
 * The Janus API's token checks against the REST sessions (docs/protocol.md §4.1): a live session of a user is its
 * user; an application session (no user), an unknown or expired token is rejected (Janus 403); a database that cannot
 * be reached, or any other 5xx of the session service, is unavailable (Janus 490), never a wrong token. Blocking;
 * called on the conference's workers. Thread-safe.
 */
final class ConferenceCredentials implements ConferenceAuth {

    private final SessionService sessions;
    private final Clock clock;

    ConferenceCredentials(SessionService sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public Verification verify(String token) {
        Auth auth;
        try {
            auth = sessions.authenticate(token);
        } catch (StorageException e) {
            return new Unavailable("the session database cannot be reached");
        } catch (ApiException e) {
            return e.status() >= 500 ? new Unavailable("sessions cannot be checked now") : new Rejected(e.getMessage());
        }
        if (auth.user() == null) {
            return new Rejected("an application session has no user; log a user in");
        }
        return new Verified(new ConferenceUser(auth.applicationId(), auth.user().id(), auth.user().email()),
                Duration.between(clock.instant(), auth.session().expiresAt()));
    }
}
