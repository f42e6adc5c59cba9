package dev.parley.server;

import dev.parley.api.http.ApiException;
import dev.parley.api.session.Auth;
import dev.parley.api.session.PasswordHasher;
import dev.parley.api.session.SessionService;
import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.storage.StorageException;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.User;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chat logins checked against the REST side (docs/protocol.md §3.1): the secret is a live session token of the
 * named user, or that user's password. A database that cannot be reached and a saturated password hasher
 * (the REST side's 503) are {@link Result.Unavailable}, never a wrong password. Blocking; called on workers.
 * Thread-safe.
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
    public Result byToken(Optional<Long> applicationId, long userId, String secret) {
        return checked(() -> {
            Auth auth;
            try {
                auth = sessions.authenticate(secret);
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                return new Result.Rejected(); // not a live token: maybe a password
            }
            if (auth.user() == null || auth.user().id() != userId
                    || applicationId.map(id -> id != auth.applicationId()).orElse(false)) {
                return new Result.Rejected();
            }
            return new Result.Authenticated(new AuthenticatedUser(auth.applicationId(), userId, auth.session().tokenHash(), auth.user().guest()));
        });
    }

    @Override
    public Result byPassword(Optional<Long> applicationId, long userId, String password) {
        return checked(() -> {
            Optional<User> user = applicationId.isPresent() ? users.findById(applicationId.get(), userId) : users.findById(userId);
            if (user.isEmpty() || user.get().passwordHash() == null) {
                hasher.verifyDecoy(password);
                return new Result.Rejected();
            }
            if (!hasher.verify(password, user.get().passwordHash())) {
                return new Result.Rejected();
            }
            return new Result.Authenticated(new AuthenticatedUser(user.get().applicationId(), userId, null, user.get().guest()));
        });
    }

    /** Runs a check; a storage failure or a REST 5xx (a full hashing queue) makes it unavailable. */
    private static Result checked(Supplier<Result> check) {
        try {
            return check.get();
        } catch (StorageException e) {
            return new Result.Unavailable("the user database cannot be reached");
        } catch (ApiException e) {
            if (e.status() >= 500) {
                return new Result.Unavailable("the server is busy");
            }
            throw e;
        }
    }
}
