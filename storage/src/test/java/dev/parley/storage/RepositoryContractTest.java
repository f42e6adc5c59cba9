package dev.parley.storage;

import dev.parley.storage.model.Application;
import dev.parley.storage.model.Session;
import dev.parley.storage.model.User;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import dev.parley.storage.model.UserQuery.Condition;
import dev.parley.storage.model.UserQuery.Operator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every repository implementation keeps, run once per database engine. */
abstract class RepositoryContractTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path dataDir;

    private Database.Settings settings;
    private Database database;
    private Storage storage;
    private Application app;
    private Application otherApp;

    /** Settings of an empty database; called once per test. */
    abstract Database.Settings newDatabase();

    @BeforeEach
    void open() {
        settings = newDatabase();
        reopen();
        app = storage.applications().create("main", "key-" + System.nanoTime(), "secret");
        otherApp = storage.applications().create("other", "key2-" + System.nanoTime(), "secret2");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void reopen() {
        if (database != null) {
            database.close();
        }
        database = Database.open(settings, dataDir, null);
        storage = Storage.jdbc(database, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private User user(Application application, String login, String email, String fullName, Long externalId, String tags) {
        User.Profile profile = new User.Profile(login, email, fullName, null, null, externalId, null, null, tags, null);
        return storage.users().create(application.id(), profile, false, "hash", T0);
    }

    @Test
    void applicationsAreFoundByIdAndAuthKey() {
        assertThat(storage.applications().findById(app.id())).contains(app);
        assertThat(storage.applications().findByAuthKey(app.authKey())).contains(app);
        assertThat(storage.applications().findByAuthKey("nope")).isEmpty();
        assertThat(storage.applications().findAll()).containsExactly(app, otherApp);
    }

    @Test
    void userIsFoundByEveryKeyCaseInsensitivelyForLoginAndEmail() {
        User alice = user(app, "Alice", "Alice@Example.com", "Alice A", 77L, null);
        assertThat(storage.users().findById(app.id(), alice.id())).contains(alice);
        assertThat(storage.users().findByLogin(app.id(), "alice")).contains(alice);
        assertThat(storage.users().findByEmail(app.id(), "alice@example.COM")).contains(alice);
        assertThat(storage.users().findByExternalId(app.id(), 77L)).contains(alice);
    }

    @Test
    void usersNeverCrossApplications() {
        User alice = user(app, "alice", "a@example.com", null, 1L, null);
        assertThat(storage.users().findById(otherApp.id(), alice.id())).isEmpty();
        assertThat(storage.users().findByLogin(otherApp.id(), "alice")).isEmpty();
        assertThat(storage.users().delete(otherApp.id(), alice.id())).isFalse();
        assertThat(storage.users().list(query(otherApp, List.of())).total()).isZero();
        // The same login in another application is a different user.
        User otherAlice = user(otherApp, "alice", "a@example.com", null, 1L, null);
        assertThat(otherAlice.id()).isNotEqualTo(alice.id());
    }

    @Test
    void duplicateUniqueFieldsAreReportedByField() {
        user(app, "alice", "a@example.com", null, 5L, null);
        assertThatThrownBy(() -> user(app, "ALICE", null, null, null, null))
                .isInstanceOf(DuplicateUserException.class).extracting("field").isEqualTo("login");
        assertThatThrownBy(() -> user(app, "bob", "A@example.com", null, null, null))
                .isInstanceOf(DuplicateUserException.class).extracting("field").isEqualTo("email");
        assertThatThrownBy(() -> user(app, "carol", null, null, 5L, null))
                .isInstanceOf(DuplicateUserException.class).extracting("field").isEqualTo("external_user_id");
    }

    @Test
    void updateReplacesProfileAndOptionallyThePassword() {
        User alice = user(app, "alice", null, "Alice", null, null);
        Instant later = T0.plusSeconds(60);
        User.Profile changed = new User.Profile("alice2", "new@example.com", "Alice B", "+100", "https://a.example", 9L,
                "{\"k\":1}", "avatar-1", "red,blue", 120);
        User updated = storage.users().update(app.id(), alice.id(), changed, null, later);
        assertThat(updated.profile()).isEqualTo(changed);
        assertThat(updated.passwordHash()).isEqualTo("hash");
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(storage.users().update(app.id(), alice.id(), changed, "hash2", later).passwordHash()).isEqualTo("hash2");
        assertThat(storage.users().findByPhone(app.id(), "+100")).map(User::id).contains(alice.id());
    }

    @Test
    void listFiltersSortsAndPages() {
        User a = user(app, "anna", "anna@example.com", "Anna Smith", 1L, "red,blue");
        User b = user(app, "bert", null, "Bert Smith", 2L, "blue");
        User c = user(app, "carl", null, "Carl Jones", 3L, null);
        user(otherApp, "anna2", null, "Anna Smith", 1L, "red");

        assertThat(ids(query(app, List.of()))).containsExactly(a.id(), b.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.ID, Operator.IN, a.id(), c.id()))))).containsExactly(a.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.ID, Operator.NIN, a.id()))))).containsExactly(b.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.ID, Operator.GT, a.id()))))).containsExactly(b.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.ID, Operator.LTE, b.id()))))).containsExactly(a.id(), b.id());
        assertThat(ids(query(app, List.of(cond(UserField.EXTERNAL_USER_ID, Operator.BETWEEN, 2L, 3L))))).containsExactly(b.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.LOGIN, Operator.EQ, "BERT"))))).containsExactly(b.id());
        assertThat(ids(query(app, List.of(cond(UserField.EMAIL, Operator.NE, "anna@example.com"))))).containsExactly(b.id(), c.id());
        assertThat(ids(query(app, List.of(cond(UserField.FULL_NAME, Operator.START_WITH, "an"))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.FULL_NAME, Operator.START_WITH, "%"))))).isEmpty();
        assertThat(ids(query(app, List.of(cond(UserField.FULL_NAME, Operator.CONTAINS, "SMITH"))))).containsExactly(a.id(), b.id());
        assertThat(ids(query(app, List.of(cond(UserField.USER_TAGS, Operator.IN, "red", "green"))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.USER_TAGS, Operator.EQ, "blue"))))).containsExactly(a.id(), b.id());
        assertThat(ids(query(app, List.of(cond(UserField.USER_TAGS, Operator.NIN, "blue"))))).containsExactly(c.id());
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.LT, T0.plusSeconds(1)))))).hasSize(3);
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.GT, T0))))).isEmpty();
        assertThat(ids(query(app, List.of(cond(UserField.FULL_NAME, Operator.START_WITH, "b"),
                cond(UserField.ID, Operator.EQ, a.id()))))).isEmpty();

        UserQuery.Page descending = storage.users().list(new UserQuery(app.id(), List.of(), UserField.LOGIN, false, 1, 1));
        assertThat(descending.total()).isEqualTo(3);
        assertThat(descending.items()).extracting(User::login).containsExactly("bert");
    }

    @Test
    void dateConditionsHoldEveryInstantFromTheFirstToTheLastDate() {
        User a = user(app, "anna", null, null, null, null);
        Instant last = UserQuery.END_OF_DATES.minusNanos(1);
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.GT, UserQuery.FIRST_DATE))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.LT, last))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.UPDATED_AT, Operator.BETWEEN, UserQuery.FIRST_DATE, last))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.LAST_REQUEST_AT, Operator.NIN, UserQuery.FIRST_DATE, last))))).containsExactly(a.id());
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.LT, UserQuery.FIRST_DATE))))).isEmpty();
        assertThat(ids(query(app, List.of(cond(UserField.CREATED_AT, Operator.GTE, last))))).isEmpty();
    }

    @Test
    void sessionsSlideAttachUsersAndExpire() {
        User alice = user(app, "alice", null, null, null, null);
        Session session = storage.sessions().create(app.id(), null, "a".repeat(64), false, "42", 1700000000L, T0,
                T0.plus(Duration.ofHours(2)));
        assertThat(storage.sessions().findByTokenHash("a".repeat(64))).contains(session);

        storage.sessions().setUser(session.id(), alice.id(), false, T0.plusSeconds(5), T0.plusSeconds(7205));
        Session loggedIn = storage.sessions().findByTokenHash("a".repeat(64)).orElseThrow();
        assertThat(loggedIn.userId()).isEqualTo(alice.id());
        assertThat(loggedIn.expiresAt()).isEqualTo(T0.plusSeconds(7205));

        storage.sessions().touch(session.id(), T0.plusSeconds(100), T0.plusSeconds(7300));
        assertThat(storage.sessions().findByTokenHash("a".repeat(64)).orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(100));

        storage.sessions().create(app.id(), null, "b".repeat(64), false, null, 1L, T0, T0.plusSeconds(1));
        assertThat(storage.sessions().deleteExpired(T0.plusSeconds(2))).isEqualTo(1);
        assertThat(storage.sessions().findByTokenHash("b".repeat(64))).isEmpty();

        assertThat(storage.sessions().delete(session.id())).isTrue();
        assertThat(storage.sessions().findByTokenHash("a".repeat(64))).isEmpty();
    }

    @Test
    void deletingAUserDeletesItsSessions() {
        User alice = user(app, "alice", null, null, null, null);
        storage.sessions().create(app.id(), alice.id(), "c".repeat(64), false, null, 1L, T0, T0.plusSeconds(60));
        assertThat(storage.users().delete(app.id(), alice.id())).isTrue();
        assertThat(storage.sessions().findByTokenHash("c".repeat(64))).isEmpty();
        assertThat(storage.users().findById(app.id(), alice.id())).isEmpty();
    }

    @Test
    void orphanGuestsAreDeletedButNotGuestsWithSessionsOrRecentOnes() {
        User.Profile profile = new User.Profile("guest_login_a", null, null, null, null, null, null, null, null, null);
        User orphan = storage.users().create(app.id(), profile, true, null, T0);
        User withSession = storage.users().create(app.id(), new User.Profile("guest_login_b", null, null, null, null, null,
                null, null, null, null), true, null, T0);
        User recent = storage.users().create(app.id(), new User.Profile("guest_login_c", null, null, null, null, null,
                null, null, null, null), true, null, T0.plusSeconds(100));
        User regular = user(app, "regular", null, null, null, null);
        storage.sessions().create(app.id(), withSession.id(), "e".repeat(64), true, null, 1L, T0, T0.plusSeconds(60));
        assertThat(storage.users().deleteOrphanGuests(T0.plusSeconds(50))).isEqualTo(1);
        assertThat(storage.users().findById(app.id(), orphan.id())).isEmpty();
        assertThat(storage.users().findById(app.id(), withSession.id())).isPresent();
        assertThat(storage.users().findById(app.id(), recent.id())).isPresent();
        assertThat(storage.users().findById(app.id(), regular.id())).isPresent();
    }

    @Test
    void offlineMessagesAreCappedPerUserAndTakenOnce() {
        User alice = user(app, "alice", null, null, null, null);
        User bob = user(app, "bob", null, null, null, null);
        assertThat(storage.offlineMessages().add(app.id(), alice.id(), "<message>1</message>", T0, 2)).isTrue();
        assertThat(storage.offlineMessages().add(app.id(), alice.id(), "<message>2</message>", T0.plusSeconds(1), 2)).isTrue();
        assertThat(storage.offlineMessages().add(app.id(), alice.id(), "<message>3</message>", T0, 2)).as("full").isFalse();
        assertThat(storage.offlineMessages().add(app.id(), bob.id(), "<message>b</message>", T0, 2)).isTrue();

        assertThat(storage.offlineMessages().takeAll(otherApp.id(), alice.id())).as("other application").isEmpty();
        assertThat(storage.offlineMessages().takeAll(app.id(), alice.id())).extracting(m -> m.stanza())
                .containsExactly("<message>1</message>", "<message>2</message>");
        assertThat(storage.offlineMessages().takeAll(app.id(), alice.id())).isEmpty();
        assertThat(storage.offlineMessages().deleteOlderThan(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(storage.offlineMessages().takeAll(app.id(), bob.id())).isEmpty();
    }

    @Test
    void everythingSurvivesReopeningTheDatabase() {
        User alice = user(app, "alice", null, null, null, null);
        storage.sessions().create(app.id(), alice.id(), "d".repeat(64), false, null, 1L, T0, T0.plusSeconds(60));
        reopen();
        assertThat(storage.applications().findById(app.id())).contains(app);
        assertThat(storage.users().findById(app.id(), alice.id())).contains(alice);
        assertThat(storage.sessions().findByTokenHash("d".repeat(64))).map(Session::userId).contains(alice.id());
    }

    private UserQuery query(Application application, List<Condition> conditions) {
        return new UserQuery(application.id(), conditions, UserField.ID, true, 0, 100);
    }

    private List<Long> ids(UserQuery query) {
        return storage.users().list(query).items().stream().map(User::id).toList();
    }

    private static Condition cond(UserField field, Operator operator, Object... values) {
        return new Condition(field, operator, List.of(values));
    }
}
