package dev.parley.server;

import dev.parley.api.http.ApiException;
import dev.parley.api.session.Auth;
import dev.parley.api.session.PasswordHasher;
import dev.parley.api.session.SessionService;
import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.User;

import java.util.Optional;

/**
 * Chat logins checked against the REST side (docs/protocol.md §3.1): the secret is a live session token of the
 * named user, or that user's password. Blocking; called on workers. Thread-safe.
 */
final class ChatCredentials implements ChatAuthenticator {

    private final SessionService sessions;
    private final UserRepository users;
    private final PasswordHasher hasher;

    ChatCredentials(SessionService sessions, UserRepository users, PasswordHasher hasher) {
        this.sessions = sessions;
        this.users = users;
        this.hasher = hasher;
    }

    @Override
    public Optional<AuthenticatedUser> authenticate(Optional<Long> applicationId, long userId, String secret) {
        Optional<AuthenticatedUser> byToken = byToken(applicationId, userId, secret);
        if (byToken.isPresent()) {
            return byToken;
        }
        Optional<User> user = applicationId.isPresent() ? users.findById(applicationId.get(), userId) : users.findById(userId);
        if (user.isEmpty() || user.get().passwordHash() == null) {
            hasher.verifyDecoy(secret);
            return Optional.empty();
        }
        if (!hasher.verify(secret, user.get().passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedUser(user.get().applicationId(), userId, null));
    }

    private Optional<AuthenticatedUser> byToken(Optional<Long> applicationId, long userId, String secret) {
        Auth auth;
        try {
            auth = sessions.authenticate(secret);
        } catch (ApiException e) {
            return Optional.empty(); // not a live token: maybe a password
        }
        if (auth.user() == null || auth.user().id() != userId
                || applicationId.map(id -> id != auth.applicationId()).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedUser(auth.applicationId(), userId, auth.session().tokenHash()));
    }
}
