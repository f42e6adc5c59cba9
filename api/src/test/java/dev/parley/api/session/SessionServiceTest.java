package dev.parley.api.session;

import dev.parley.common.time.MutableClock;
import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.common.identity.IdentityEvents;
import dev.parley.storage.Database;
import dev.parley.storage.Storage;
import dev.parley.storage.TestDatabases;
import dev.parley.storage.model.Application;
import dev.parley.storage.model.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Session lifetimes with a fake clock: sliding expiry, guest lifetime, touch granularity. */
class SessionServiceTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Database database;
    private PasswordHasher hasher;
    private SessionService sessions;
    private Application app;

    @BeforeEach
    void open() {
        database = Database.open(TestDatabases.h2(), dataDir, null);
        Storage storage = Storage.jdbc(database, clock);
        hasher = new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1), 1, 16);
        sessions = new SessionService(storage, hasher, new SignatureVerifier(clock, Duration.ofMinutes(10), 10), clock,
                Duration.ofHours(2), Duration.ofDays(1), Duration.ofMinutes(1), IdentityEvents.NONE);
        app = storage.applications().create("app", "key", "secret");
        storage.users().create(app.id(), new User.Profile("alice", null, null, null, null, null, null, null, null, null),
                false, hasher.hash("password-1"), clock.instant());
    }

    @AfterEach
    void close() {
        hasher.close();
        database.close();
    }

    private String create(Map<String, Object> user) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("application_id", app.id(), "auth_key", "key"));
        if (user != null) {
            body.put("user", user);
        }
        return sessions.create(Params.of(body)).token();
    }

    @Test
    void tokenExpiresTwoHoursAfterCreationWhenUnused() {
        String token = create(null);
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        assertThat(sessions.authenticate(token).session().id()).isPositive();
        // That use slid the expiry forward, so one more unused stretch is needed to expire it.
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> sessions.authenticate(token))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().get("base"))
                        .containsExactly(ApiException.REQUIRED_SESSION));
    }

    @Test
    void everyUseSlidesTheExpiry() {
        String token = create(null);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(90));
            assertThat(sessions.authenticate(token).token()).isEqualTo(token);
        }
    }

    @Test
    void usesWithinTheTouchIntervalDoNotMoveTheRecordedUse() {
        String token = create(null);
        Instant created = sessions.authenticate(token).session().updatedAt();
        clock.advance(Duration.ofSeconds(30));
        assertThat(sessions.authenticate(token).session().updatedAt()).isEqualTo(created);
        clock.advance(Duration.ofSeconds(31));
        assertThat(sessions.authenticate(token).session().updatedAt()).isAfter(created);
    }

    @Test
    void guestSessionsLastADay() {
        String token = create(Map.of("guest", "1", "full_name", "G"));
        clock.advance(Duration.ofHours(23));
        assertThat(sessions.authenticate(token).user().guest()).isTrue();
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThatThrownBy(() -> sessions.authenticate(token)).isInstanceOf(ApiException.class);
    }

    @Test
    void loginAndLogoutChangeTheSessionUser() {
        String token = create(null);
        Auth auth = sessions.authenticate(token);
        assertThat(auth.user()).isNull();
        User alice = sessions.login(auth, Params.of(Map.of("login", "alice", "password", "password-1")));
        assertThat(sessions.authenticate(token).user().id()).isEqualTo(alice.id());
        sessions.logout(sessions.authenticate(token));
        assertThat(sessions.authenticate(token).user()).isNull();
    }

    @Test
    void loginsAreLookedUpInTheNormalFormTheyWereStoredIn() {
        Storage storage = Storage.jdbc(database, clock);
        storage.users().create(app.id(), new User.Profile("zo\u00eb", "zo\u00eb@example.com", null, null, null, null, null,
                null, null, null), false, hasher.hash("password-2"), clock.instant());
        assertThat(create(Map.of("login", "ZOE\u0308", "password", "password-2"))).isNotBlank();
        assertThat(create(Map.of("email", " zoe\u0308@example.com", "password", "password-2"))).isNotBlank();
        Auth auth = sessions.authenticate(create(null));
        assertThat(sessions.login(auth, Params.of(Map.of("login", "zoe\u0308", "password", "password-2"))).login())
                .isEqualTo("zo\u00eb");
    }

    @Test
    void guestNamesFollowTheFullNameRules() {
        assertThatThrownBy(() -> create(Map.of("guest", "1", "full_name", "Eve\u202e")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsOnlyKeys("full_name"));
        assertThat(sessions.authenticate(create(Map.of("guest", "1", "full_name", " Zoe\u0308 "))).user().fullName())
                .isEqualTo("Zo\u00eb");
    }

    @Test
    void aLongNonceIsCutWithoutSplittingACharacter() {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("application_id", app.id(), "auth_key", "key"));
        body.put("nonce", "n".repeat(63) + "\ud83d\ude00");
        assertThat(sessions.create(Params.of(body)).session().nonce()).isEqualTo("n".repeat(63));
        body.put("nonce", "n".repeat(64) + "\ud83d\ude00");
        assertThat(sessions.create(Params.of(body)).session().nonce()).isEqualTo("n".repeat(64));
    }

    @Test
    void unknownMalformedAndDestroyedTokensAreRefused() {
        assertThatThrownBy(() -> sessions.authenticate(null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> sessions.authenticate("x".repeat(500))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> sessions.authenticate("no-such-token")).isInstanceOf(ApiException.class);
        String token = create(null);
        sessions.destroy(sessions.authenticate(token));
        assertThatThrownBy(() -> sessions.authenticate(token)).isInstanceOf(ApiException.class);
    }

    @Test
    void guestUsersGoWithTheirLastSession() {
        String token = create(Map.of("guest", "1"));
        long guestId = sessions.authenticate(token).user().id();
        String kept = create(Map.of("guest", "1"));
        clock.advance(Duration.ofHours(20));
        sessions.authenticate(kept);
        clock.advance(Duration.ofHours(6));
        sessions.deleteExpired();
        Storage storage = Storage.jdbc(database, clock);
        assertThat(storage.users().findById(app.id(), guestId)).as("expired guest removed").isEmpty();
        assertThat(sessions.authenticate(kept).user()).as("guest with a live session stays").isNotNull();
    }

    @Test
    void expiredSessionsAreDeletedByTheCleanup() {
        create(null);
        create(null);
        assertThat(sessions.deleteExpired()).isZero();
        clock.advance(Duration.ofHours(3));
        assertThat(sessions.deleteExpired()).isEqualTo(2);
    }
}
