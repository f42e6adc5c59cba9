package dev.parley.api.session;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.api.user.UserInput;
import dev.parley.api.user.UserText;
import dev.parley.common.identity.IdentityEvents;
import dev.parley.common.security.SecureTokens;
import dev.parley.storage.Storage;
import dev.parley.storage.model.Application;
import dev.parley.storage.model.Session;
import dev.parley.storage.model.User;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * REST sessions (docs/protocol.md section 2.1): creation with application credentials (plain or signed), user
 * and guest sessions, token authentication with a sliding expiry, login and logout. Tokens carry 256 random
 * bits and only their SHA-256 is stored. Methods block on the database and on password hashing, so they run
 * on worker threads, never on an event loop. Thread-safe.
 */
public final class SessionService {

    /** What a session route answers with: the session, its clear token, and its user if any. */
    public record View(Session session, String token, User user) {
    }

    private static final int TOKEN_BYTES = 32;
    private static final int NONCE_MAX = 64;

    private final Storage storage;
    private final PasswordHasher hasher;
    private final SignatureVerifier signatures;
    private final Clock clock;
    private final Duration ttl;
    private final Duration guestTtl;
    private final Duration touchInterval;
    private final IdentityEvents events;

    public SessionService(Storage storage, PasswordHasher hasher, SignatureVerifier signatures, Clock clock,
                          Duration ttl, Duration guestTtl, Duration touchInterval, IdentityEvents events) {
        this.events = events;
        this.storage = storage;
        this.hasher = hasher;
        this.signatures = signatures;
        this.clock = clock;
        this.ttl = ttl;
        this.guestTtl = guestTtl;
        this.touchInterval = touchInterval;
    }

    /** {@code POST /session}: an application session, or a user or guest session when {@code user} is given. */
    public View create(Params params) {
        Application application = authenticateApplication(params);
        Params user = params.object("user");
        User sessionUser = null;
        boolean guest = false;
        if (user.bool("guest").orElse(false)) {
            sessionUser = createGuest(application, user);
            guest = true;
        } else if (!user.asMap().isEmpty()) {
            sessionUser = checkCredentials(application, user);
        } else if (params.has("provider")) {
            throw ApiException.invalid("provider", "social and phone logins are not supported; use login or email with a password");
        }
        Instant now = now();
        String token = SecureTokens.urlSafe(TOKEN_BYTES);
        String nonce = params.string("nonce").map(SessionService::shortNonce).orElse(null);
        long ts = params.integer("timestamp").orElse(now.getEpochSecond());
        Session session = storage.sessions().create(application.id(), sessionUser == null ? null : sessionUser.id(),
                SecureTokens.sha256Hex(token), guest, nonce, ts, now, now.plus(guest ? guestTtl : ttl));
        if (sessionUser != null) {
            storage.users().touchLastRequest(sessionUser.id(), now);
            sessionUser = sessionUser.withLastRequestAt(now);
        }
        return new View(session, token, sessionUser);
    }

    /**
     * The live session of a token, with its application and user. Moves the sliding expiry forward when the
     * last recorded use is older than the touch interval.
     */
    public Auth authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            throw ApiException.noSession();
        }
        Instant now = now();
        Session session = storage.sessions().findByTokenHash(SecureTokens.sha256Hex(token.trim()))
                .orElseThrow(ApiException::noSession);
        if (!session.expiresAt().isAfter(now)) {
            storage.sessions().delete(session.id());
            throw ApiException.noSession();
        }
        Application application = storage.applications().findById(session.applicationId())
                .orElseThrow(ApiException::noSession);
        User user = null;
        if (session.userId() != null) {
            user = storage.users().findById(application.id(), session.userId()).orElseThrow(ApiException::noSession);
        }
        if (Duration.between(session.updatedAt(), now).compareTo(touchInterval) >= 0) {
            Instant expiresAt = now.plus(session.guest() ? guestTtl : ttl);
            storage.sessions().touch(session.id(), now, expiresAt);
            session = new Session(session.id(), session.applicationId(), session.userId(), session.tokenHash(),
                    session.guest(), session.nonce(), session.ts(), session.createdAt(), now, expiresAt);
            if (user != null) {
                storage.users().touchLastRequest(user.id(), now);
            }
        }
        return new Auth(session, token.trim(), application, user);
    }

    public View describe(Auth auth) {
        return new View(auth.session(), auth.token(), auth.user());
    }

    public void destroy(Auth auth) {
        storage.sessions().delete(auth.session().id());
        events.tokenRevoked(auth.session().tokenHash());
    }

    /** {@code POST /login}: turns the session into a session of the user whose credentials are given. */
    public User login(Auth auth, Params params) {
        Params credentials = params.has("user") ? params.object("user") : params;
        User user = checkCredentials(auth.application(), credentials);
        Instant now = now();
        storage.sessions().setUser(auth.session().id(), user.id(), false, now, now.plus(ttl));
        storage.users().touchLastRequest(user.id(), now);
        return user.withLastRequestAt(now);
    }

    /** {@code DELETE /login}: the session stays, as an application session. */
    public void logout(Auth auth) {
        Instant now = now();
        storage.sessions().setUser(auth.session().id(), null, false, now, now.plus(ttl));
        events.tokenRevoked(auth.session().tokenHash());
    }

    /**
     * Deletes expired sessions, then the guest users left without a session (a guest exists only for its
     * session; after its lifetime nothing can log in as it again). Returns how many sessions went.
     */
    public int deleteExpired() {
        Instant now = now();
        int sessions = storage.sessions().deleteExpired(now);
        storage.users().deleteOrphanGuests(now.minus(guestTtl));
        return sessions;
    }

    private Application authenticateApplication(Params params) {
        Optional<Long> applicationId = params.integer("application_id");
        Optional<String> authKey = params.string("auth_key").filter(k -> !k.isBlank());
        Optional<String> signature = params.string("signature").filter(s -> !s.isBlank());
        if (applicationId.isEmpty() && authKey.isEmpty()) {
            throw ApiException.invalid("application_id", "is required, with auth_key or a signature");
        }
        Application application = (applicationId.isPresent()
                ? storage.applications().findById(applicationId.get())
                : storage.applications().findByAuthKey(authKey.get()))
                .orElseThrow(() -> ApiException.base(401, "Unknown application or wrong auth_key"));
        if (authKey.isPresent() && !constantTimeEquals(authKey.get(), application.authKey())) {
            throw ApiException.base(401, "Unknown application or wrong auth_key");
        }
        if (signature.isPresent()) {
            signatures.verify(application.id(), application.authSecret(), params.signingPairs(),
                    params.string("timestamp").orElse(null), signature.get());
        } else if (authKey.isEmpty()) {
            throw ApiException.invalid("auth_key", "is required when the request is not signed");
        }
        return application;
    }

    /**
     * The user named by login (or, failing that, email) whose password matches. Precedence per docs/protocol.md:
     * login+password, then email+password. Both are normalised as they were when stored ({@link UserText}).
     * Unknown users cost the same time as wrong passwords.
     */
    private User checkCredentials(Application application, Params credentials) {
        String password = credentials.string("password").orElse("");
        Optional<String> login = credentials.string("login").filter(s -> !s.isBlank());
        Optional<String> email = credentials.string("email").filter(s -> !s.isBlank());
        if (password.isEmpty() || (login.isEmpty() && email.isEmpty())) {
            throw ApiException.invalid("user", "needs login or email, and password");
        }
        if (password.length() > 1024) {
            throw ApiException.unauthorized();
        }
        Optional<User> user = login.isPresent()
                ? storage.users().findByLogin(application.id(), UserText.normalise(login.get()))
                : storage.users().findByEmail(application.id(), UserText.normalise(email.get()));
        if (user.isEmpty() || user.get().passwordHash() == null) {
            hasher.verifyDecoy(password);
            throw ApiException.unauthorized();
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            throw ApiException.unauthorized();
        }
        return user.get();
    }

    private User createGuest(Application application, Params user) {
        String fullName = UserInput.guestFullName(user);
        User.Profile profile = new User.Profile("guest_login_" + SecureTokens.alphanumeric(16).toLowerCase(java.util.Locale.ROOT), null,
                fullName, null, null, null, null, null, null, null);
        return storage.users().create(application.id(), profile, true, null, now());
    }

    /** The nonce echoed back, cut to what storage holds without splitting a surrogate pair. */
    private static String shortNonce(String nonce) {
        if (nonce.length() <= NONCE_MAX) {
            return nonce;
        }
        return nonce.substring(0, Character.isHighSurrogate(nonce.charAt(NONCE_MAX - 1)) ? NONCE_MAX - 1 : NONCE_MAX);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
