package dev.parley.storage;

import dev.parley.storage.OfflineMessageRepository.Outcome;
import dev.parley.storage.model.Application;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.MeetingField;
import dev.parley.storage.model.MeetingQuery;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushSubscription;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        OfflineMessageRepository offline = storage.offlineMessages();
        assertThat(offline.add(app.id(), alice.id(), null, "<message>1</message>", T0, 2, 10)).isEqualTo(Outcome.STORED);
        assertThat(offline.add(app.id(), alice.id(), null, "<message>2</message>", T0.plusSeconds(1), 2, 10)).isEqualTo(Outcome.STORED);
        assertThat(offline.add(app.id(), alice.id(), null, "<message>3</message>", T0, 2, 10)).isEqualTo(Outcome.RECIPIENT_FULL);
        assertThat(offline.add(app.id(), bob.id(), null, "<message>b</message>", T0, 2, 10)).isEqualTo(Outcome.STORED);
        assertThat(offline.add(otherApp.id(), bob.id(), null, "<message>x</message>", T0, 2, 10)).isEqualTo(Outcome.NO_SUCH_USER);

        assertThat(storage.offlineMessages().takeAll(otherApp.id(), alice.id())).as("other application").isEmpty();
        assertThat(storage.offlineMessages().takeAll(app.id(), alice.id())).extracting(m -> m.stanza())
                .containsExactly("<message>1</message>", "<message>2</message>");
        assertThat(storage.offlineMessages().takeAll(app.id(), alice.id())).isEmpty();
        assertThat(storage.offlineMessages().deleteOlderThan(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(storage.offlineMessages().takeAll(app.id(), bob.id())).isEmpty();
    }

    @Test
    void offlineMessagesAreCappedPerSenderOverAllRecipients() {
        User sender = user(app, "sender", null, null, null, null);
        User first = user(app, "first", null, null, null, null);
        User second = user(app, "second", null, null, null, null);
        OfflineMessageRepository offline = storage.offlineMessages();
        assertThat(offline.add(app.id(), first.id(), sender.id(), "<message>1</message>", T0, 100, 2)).isEqualTo(Outcome.STORED);
        assertThat(offline.add(app.id(), second.id(), sender.id(), "<message>2</message>", T0, 100, 2)).isEqualTo(Outcome.STORED);
        assertThat(offline.add(app.id(), second.id(), sender.id(), "<message>3</message>", T0, 100, 2))
                .as("the sender has two waiting").isEqualTo(Outcome.SENDER_FULL);
        assertThat(offline.add(app.id(), second.id(), first.id(), "<message>4</message>", T0, 100, 2))
                .as("another sender").isEqualTo(Outcome.STORED);
        offline.takeAll(app.id(), first.id());
        assertThat(offline.add(app.id(), second.id(), sender.id(), "<message>5</message>", T0, 100, 2))
                .as("one was delivered").isEqualTo(Outcome.STORED);
    }

    @Test
    void everythingSurvivesReopeningTheDatabase() {
        User alice = user(app, "alice", null, null, null, null);
        storage.sessions().create(app.id(), alice.id(), "d".repeat(64), false, null, 1L, T0, T0.plusSeconds(60));
        Meeting meeting = storage.meetings().create(app.id(), alice.id(),
                new Meeting.Details("kept", 1, 2, List.of(new Meeting.Attendee(null, "a@example.com")), null, false,
                        false, false, null, null), T0);
        reopen();
        assertThat(storage.meetings().findById(app.id(), meeting.id())).contains(meeting);
        assertThat(storage.applications().findById(app.id())).contains(app);
        assertThat(storage.users().findById(app.id(), alice.id())).contains(alice);
        assertThat(storage.sessions().findByTokenHash("d".repeat(64))).map(Session::userId).contains(alice.id());
    }

    @Test
    void meetingsKeepEveryFieldAndTheirAttendeesInOrder() {
        User host = user(app, "host", "host@example.com", null, null, null);
        User guest = user(app, "guest", null, null, null, null);
        Meeting.Details details = new Meeting.Details("Weekly", 1_800_000_000L, 1_800_003_600L,
                List.of(new Meeting.Attendee(guest.id(), null), new Meeting.Attendee(null, "Zed@Example.com"),
                        new Meeting.Attendee(host.id(), "host@example.com")),
                null, true, true, true, new Meeting.NotifyBefore(Meeting.Metric.HOURS, 2),
                new Meeting.Timezone(120, "Europe/Kyiv"));
        Meeting created = storage.meetings().create(app.id(), host.id(), details, T0);
        assertThat(created.id()).matches("[0-9a-f]{24}");
        assertThat(created.details()).isEqualTo(details);
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(storage.meetings().findById(app.id(), created.id())).contains(created);

        Meeting.Details bare = new Meeting.Details("Bare", 1, 2, List.of(), false, false, false, false, null, null);
        Meeting other = storage.meetings().create(app.id(), host.id(), bare, T0);
        assertThat(other.id()).isNotEqualTo(created.id());
        assertThat(storage.meetings().findById(app.id(), other.id())).map(Meeting::details).contains(bare);
    }

    @Test
    void meetingsNeverCrossApplications() {
        User host = user(app, "host", null, null, null, null);
        Meeting meeting = storage.meetings().create(app.id(), host.id(), meetingAt(100, List.of()), T0);
        assertThat(storage.meetings().findById(otherApp.id(), meeting.id())).isEmpty();
        assertThat(storage.meetings().update(otherApp.id(), meeting.id(), meetingAt(200, List.of()), T0)).isEmpty();
        assertThat(storage.meetings().delete(otherApp.id(), meeting.id())).isFalse();
        assertThat(storage.meetings().findById(app.id(), meeting.id())).map(m -> m.details().startDate()).contains(100L);
    }

    @Test
    void idsOfAnyOtherShapeFindNothing() {
        User host = user(app, "host", null, null, null, null);
        Meeting meeting = storage.meetings().create(app.id(), host.id(), meetingAt(100, List.of()), T0);
        List<String> others = new ArrayList<>(List.of(meeting.id() + " ", meeting.id().substring(1),
                "' OR 1=1 --", ""));
        String upper = meeting.id().toUpperCase(Locale.ROOT);
        if (!upper.equals(meeting.id())) {
            others.add(upper);
        }
        for (String id : others) {
            assertThat(storage.meetings().findById(app.id(), id)).as(id).isEmpty();
            assertThat(storage.meetings().delete(app.id(), id)).as(id).isFalse();
        }
        assertThat(storage.meetings().findById(app.id(), null)).isEmpty();
    }

    @Test
    void updateReplacesDetailsAndAttendeesButNotHostOrCreation() {
        User host = user(app, "host", null, null, null, null);
        User a = user(app, "a", null, null, null, null);
        User b = user(app, "b", null, null, null, null);
        Meeting meeting = storage.meetings().create(app.id(), host.id(),
                meetingAt(100, List.of(new Meeting.Attendee(a.id(), null))), T0);
        Meeting.Details changed = new Meeting.Details("Renamed", 500, 900,
                List.of(new Meeting.Attendee(b.id(), null), new Meeting.Attendee(null, "x@example.com")),
                true, true, false, true, new Meeting.NotifyBefore(Meeting.Metric.MINUTES, 0), null);
        Meeting updated = storage.meetings().update(app.id(), meeting.id(), changed, T0.plusSeconds(60)).orElseThrow();
        assertThat(updated.details()).isEqualTo(changed);
        assertThat(updated.hostId()).isEqualTo(host.id());
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(storage.meetings().findById(app.id(), meeting.id())).contains(updated);

        assertThat(storage.meetings().delete(app.id(), meeting.id())).isTrue();
        assertThat(storage.meetings().update(app.id(), meeting.id(), changed, T0)).isEmpty();
        assertThat(storage.meetings().delete(app.id(), meeting.id())).isFalse();
    }

    @Test
    void meetingAdmitsItsHostAndAttendeesByIdOrEmail() {
        User host = user(app, "host", null, null, null, null);
        User byId = user(app, "byid", null, null, null, null);
        User byEmail = user(app, "bymail", "Mail@Example.com", null, null, null);
        User stranger = user(app, "stranger", "s@example.com", null, null, null);
        Meeting meeting = storage.meetings().create(app.id(), host.id(), meetingAt(100,
                List.of(new Meeting.Attendee(byId.id(), null), new Meeting.Attendee(null, "mail@EXAMPLE.com"))), T0);
        Meeting room = storage.meetings().findById(app.id(), meeting.id()).orElseThrow();
        assertThat(room.admits(host.id(), null)).isTrue();
        assertThat(room.admits(byId.id(), null)).isTrue();
        assertThat(room.admits(byEmail.id(), byEmail.email())).isTrue();
        assertThat(room.admits(stranger.id(), stranger.email())).isFalse();
        assertThat(room.readableBy(stranger.id(), stranger.email())).isFalse();
    }

    @Test
    void deletingAUserDeletesTheMeetingsTheyHostAndTheirPlaceOnAttendeeLists() {
        User host = user(app, "host", null, null, null, null);
        User leaver = user(app, "leaver", null, null, null, null);
        Meeting hosted = storage.meetings().create(app.id(), leaver.id(), meetingAt(100, List.of()), T0);
        Meeting attended = storage.meetings().create(app.id(), host.id(), meetingAt(100,
                List.of(new Meeting.Attendee(leaver.id(), null), new Meeting.Attendee(null, "stay@example.com"))), T0);
        assertThat(storage.users().delete(app.id(), leaver.id())).isTrue();
        assertThat(storage.meetings().findById(app.id(), hosted.id())).isEmpty();
        assertThat(storage.meetings().findById(app.id(), attended.id())).map(m -> m.details().attendees())
                .contains(List.of(new Meeting.Attendee(null, "stay@example.com")));
    }

    @Test
    void listShowsTheMeetingsAUserHostsOrAttendsFilteredOrderedAndPaged() {
        User me = user(app, "me", "Me@Example.com", null, null, null);
        User host = user(app, "host", null, null, null, null);
        Meeting hostedLate = storage.meetings().create(app.id(), me.id(), meetingAt(300, List.of()), T0);
        Meeting attendedById = storage.meetings().create(app.id(), host.id(),
                meetingAt(100, List.of(new Meeting.Attendee(me.id(), null))), T0.plusSeconds(10));
        Meeting attendedByEmail = storage.meetings().create(app.id(), host.id(), scheduledAt(200,
                List.of(new Meeting.Attendee(null, "me@example.COM"))), T0.plusSeconds(20));
        storage.meetings().create(app.id(), host.id(), meetingAt(150, List.of()), T0); // not mine
        User otherMe = user(otherApp, "me", "me@example.com", null, null, null);
        storage.meetings().create(otherApp.id(), otherMe.id(), meetingAt(50, List.of()), T0); // other application

        MeetingQuery.Page all = storage.meetings().list(meetings(me, List.of(), 0, 100));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.items()).extracting(Meeting::id)
                .containsExactly(attendedById.id(), attendedByEmail.id(), hostedLate.id());
        assertThat(all.items().getFirst().details().attendees()).containsExactly(new Meeting.Attendee(me.id(), null));

        MeetingQuery.Page page = storage.meetings().list(meetings(me, List.of(), 1, 1));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(Meeting::id).containsExactly(attendedByEmail.id());

        // Without an e-mail address the user is found by id only.
        MeetingQuery byIdOnly = new MeetingQuery(app.id(), me.id(), null, List.of(), 0, 100);
        assertThat(storage.meetings().list(byIdOnly).items()).extracting(Meeting::id)
                .containsExactly(attendedById.id(), hostedLate.id());

        assertThat(ids(me, meetingCond(MeetingField.START_DATE, MeetingQuery.Operator.GT, 100L)))
                .containsExactly(attendedByEmail.id(), hostedLate.id());
        assertThat(ids(me, meetingCond(MeetingField.START_DATE, MeetingQuery.Operator.LTE, 200L)))
                .containsExactly(attendedById.id(), attendedByEmail.id());
        assertThat(ids(me, meetingCond(MeetingField.END_DATE, MeetingQuery.Operator.IN, 1300L, 1100L)))
                .containsExactly(attendedById.id(), hostedLate.id());
        assertThat(ids(me, meetingCond(MeetingField.END_DATE, MeetingQuery.Operator.NIN, 1300L, 1100L)))
                .containsExactly(attendedByEmail.id());
        assertThat(ids(me, meetingCond(MeetingField.START_DATE, MeetingQuery.Operator.NE, 200L)))
                .containsExactly(attendedById.id(), hostedLate.id());
        assertThat(ids(me, meetingCond(MeetingField.CREATED_AT, MeetingQuery.Operator.GTE, T0.plusSeconds(10))))
                .containsExactly(attendedById.id(), attendedByEmail.id());
        assertThat(ids(me, meetingCond(MeetingField.UPDATED_AT, MeetingQuery.Operator.LT, T0.plusSeconds(10))))
                .containsExactly(hostedLate.id());
        assertThat(ids(me, meetingCond(MeetingField.SCHEDULED, MeetingQuery.Operator.EQ, true)))
                .containsExactly(attendedByEmail.id());
        assertThat(ids(me, meetingCond(MeetingField.SCHEDULED, MeetingQuery.Operator.EQ, true),
                meetingCond(MeetingField.START_DATE, MeetingQuery.Operator.LT, 200L))).isEmpty();
        assertThat(storage.meetings().list(meetings(otherMe, List.of(), 0, 100)).total()).isEqualTo(1);
    }

    private Meeting.Details meetingAt(long start, List<Meeting.Attendee> attendees) {
        return new Meeting.Details("m" + start, start, start + 1000, attendees, false, false, false, false, null, null);
    }

    private Meeting.Details scheduledAt(long start, List<Meeting.Attendee> attendees) {
        return new Meeting.Details("m" + start, start, start + 1000, attendees, false, false, true, false, null, null);
    }

    private MeetingQuery meetings(User user, List<MeetingQuery.Condition> conditions, int offset, int limit) {
        return new MeetingQuery(user.applicationId(), user.id(), user.email(), conditions, offset, limit);
    }

    @Test
    void aSecondSubscriptionOfTheSameUdidAndChannelReplacesTheFirstWhoeverHeldIt() {
        User alice = user(app, "alice", null, null, null, null);
        User bob = user(app, "bob", null, null, null, null);
        PushSubscription first = storage.push().subscribe(app.id(), alice.id(), apns("phone-1", "aa"), T0, 10).orElseThrow();
        PushSubscription voip = storage.push().subscribe(app.id(), alice.id(),
                new PushSubscription.Details(PushChannel.APNS_VOIP, "phone-1", "ios", "development", "bb", "com.example",
                        null, null, null), T0, 10).orElseThrow();
        assertThat(storage.push().subscriptions(app.id(), alice.id())).containsExactly(first, voip);

        PushSubscription renewed = storage.push().subscribe(app.id(), bob.id(), apns("phone-1", "cc"), T0.plusSeconds(1), 10)
                .orElseThrow();
        assertThat(renewed.id()).isNotEqualTo(first.id());
        assertThat(storage.push().subscriptions(app.id(), alice.id())).containsExactly(voip);
        assertThat(storage.push().subscriptions(app.id(), bob.id())).containsExactly(renewed);
        assertThat(renewed.details().token()).isEqualTo("cc");
    }

    @Test
    void subscriptionsAreCappedPerUserButAReplacementFits() {
        User alice = user(app, "alice", null, null, null, null);
        storage.push().subscribe(app.id(), alice.id(), apns("a", "01"), T0, 2).orElseThrow();
        storage.push().subscribe(app.id(), alice.id(), apns("b", "02"), T0, 2).orElseThrow();
        assertThat(storage.push().subscribe(app.id(), alice.id(), apns("c", "03"), T0, 2)).isEmpty();
        assertThat(storage.push().subscribe(app.id(), alice.id(), apns("b", "04"), T0, 2)).isPresent();
        assertThat(storage.push().subscriptions(app.id(), alice.id())).extracting(s -> s.details().token())
                .containsExactly("01", "04");
    }

    @Test
    void subscriptionsNeverCrossApplicationsOrUsers() {
        User alice = user(app, "alice", null, null, null, null);
        User bob = user(app, "bob", null, null, null, null);
        User stranger = user(otherApp, "alice", null, null, null, null);
        PushSubscription mine = storage.push().subscribe(app.id(), alice.id(), apns("phone", "aa"), T0, 10).orElseThrow();
        PushSubscription theirs = storage.push().subscribe(otherApp.id(), stranger.id(), apns("phone", "bb"), T0, 10)
                .orElseThrow();
        assertThat(storage.push().subscriptions(app.id(), alice.id())).containsExactly(mine);
        assertThat(storage.push().subscriptionsOf(app.id(), List.of(alice.id(), stranger.id()))).containsExactly(mine);
        assertThat(storage.push().unsubscribe(app.id(), bob.id(), mine.id())).isFalse();
        assertThat(storage.push().unsubscribe(app.id(), alice.id(), theirs.id())).isFalse();
        assertThat(storage.push().unsubscribe(app.id(), alice.id(), mine.id())).isTrue();
        assertThat(storage.push().subscriptions(app.id(), alice.id())).isEmpty();
        assertThat(storage.push().subscriptions(otherApp.id(), stranger.id())).containsExactly(theirs);
    }

    @Test
    void anEventQueuesOneDeliveryPerSubscriptionThatSurvivesAReopenAndGoesWithItsUser() {
        User alice = user(app, "alice", null, null, null, null);
        User bob = user(app, "bob", null, null, null, null);
        PushSubscription phone = storage.push().subscribe(app.id(), bob.id(), apns("phone", "aa"), T0, 10).orElseThrow();
        PushSubscription web = storage.push().subscribe(app.id(), bob.id(),
                new PushSubscription.Details(PushChannel.WEB, "browser", "web", null, null, null,
                        "https://push.example.com/x", "YXV0aA", "cDI1Ng"), T0, 10).orElseThrow();
        PushEvent.Details details = new PushEvent.Details("call", "production", null, "{\"message\":\"hi\"}", null);
        PushEvent event = storage.push().createEvent(app.id(), alice.id(), details, List.of(phone.id(), web.id()), T0);
        assertThat(event.details()).isEqualTo(details);
        assertThat(event.senderId()).isEqualTo(alice.id());
        assertThat(storage.push().queued(app.id())).isEqualTo(2);
        assertThat(storage.push().queued(otherApp.id())).isZero();

        reopen();
        assertThat(storage.push().queued(app.id())).isEqualTo(2);
        assertThat(storage.push().subscriptions(app.id(), bob.id())).containsExactly(phone, web);
        assertThat(storage.users().delete(app.id(), bob.id())).isTrue();
        assertThat(storage.push().queued(app.id())).isZero();
    }

    @Test
    void pushCredentialsAreSetPerApplicationClearedAndKeptOverAReopen() {
        assertThat(storage.pushCredentials().find(app.id())).isEqualTo(PushCredentials.NONE);
        PushCredentials.Apns apns = new PushCredentials.Apns("-----BEGIN PRIVATE KEY-----", "ABC123DEFG", "TEAM123456",
                "com.example", true);
        storage.pushCredentials().setApns(app.id(), apns, T0);
        storage.pushCredentials().setFcm(app.id(), new PushCredentials.Fcm("{\"type\":\"service_account\"}"), T0);
        assertThat(storage.pushCredentials().find(otherApp.id())).isEqualTo(PushCredentials.NONE);
        reopen();
        assertThat(storage.pushCredentials().find(app.id())).isEqualTo(new PushCredentials(apns,
                new PushCredentials.Fcm("{\"type\":\"service_account\"}"), null));
        storage.pushCredentials().setApns(app.id(), null, T0);
        assertThat(storage.pushCredentials().find(app.id()).apns()).isNull();
        assertThat(storage.pushCredentials().find(app.id()).fcm()).isNotNull();
    }

    @Test
    void theCallPushOverrideIsPerApplicationAndClearable() {
        assertThat(storage.pushCredentials().callPush(app.id())).isEmpty();
        storage.pushCredentials().setCallPush(app.id(), false, T0);
        storage.pushCredentials().setCallPush(otherApp.id(), true, T0);
        assertThat(storage.pushCredentials().callPush(app.id())).contains(false);
        assertThat(storage.pushCredentials().callPush(otherApp.id())).contains(true);
        storage.pushCredentials().setCallPush(app.id(), null, T0);
        assertThat(storage.pushCredentials().callPush(app.id())).isEmpty();
    }

    @Test
    void theFirstVapidKeyPairStoredIsTheOneEveryoneGets() {
        PushCredentials.Vapid first = new PushCredentials.Vapid("pub-1", "priv-1", null);
        PushCredentials.Vapid second = new PushCredentials.Vapid("pub-2", "priv-2", null);
        assertThat(storage.pushCredentials().ensureVapid(app.id(), first, T0)).isEqualTo(first);
        assertThat(storage.pushCredentials().ensureVapid(app.id(), second, T0)).isEqualTo(first);
        assertThat(storage.pushCredentials().ensureVapid(otherApp.id(), second, T0)).isEqualTo(second);
        PushCredentials.Vapid rotated = new PushCredentials.Vapid("pub-3", "priv-3", "mailto:ops@example.com");
        storage.pushCredentials().setVapid(app.id(), rotated, T0);
        assertThat(storage.pushCredentials().find(app.id()).vapid()).isEqualTo(rotated);
    }

    @Test
    void dueDeliveriesAreClaimedOnceRetriedLaterAndCompletedWithTheirEvent() {
        User bob = user(app, "bob", null, null, null, null);
        PushSubscription phone = storage.push().subscribe(app.id(), bob.id(), apns("phone", "aa"), T0, 10).orElseThrow();
        PushSubscription tablet = storage.push().subscribe(app.id(), bob.id(), apns("tablet", "bb"), T0, 10).orElseThrow();
        PushEvent event = storage.push().createEvent(app.id(), null, new PushEvent.Details(null, null, null, "hi", null),
                List.of(phone.id(), tablet.id()), T0);

        List<PushDelivery> claimed = storage.push().claimDue(T0, T0.plusSeconds(30), 10);
        assertThat(claimed).extracting(d -> d.subscription().id()).containsExactly(phone.id(), tablet.id());
        assertThat(claimed.getFirst().event()).isEqualTo(event);
        assertThat(claimed.getFirst().subscription()).isEqualTo(phone);
        assertThat(storage.push().claimDue(T0.plusSeconds(29), T0.plusSeconds(60), 10)).as("leased").isEmpty();

        storage.push().retry(claimed.getFirst(), T0.plusSeconds(5));
        storage.push().complete(claimed.get(1));
        List<PushDelivery> again = storage.push().claimDue(T0.plusSeconds(5), T0.plusSeconds(35), 10);
        assertThat(again).hasSize(1);
        assertThat(again.getFirst().attempts()).isEqualTo(1);
        storage.push().complete(again.getFirst());
        assertThat(storage.push().queued()).isZero();
        assertThat(storage.push().claimDue(T0.plusSeconds(600), T0.plusSeconds(700), 10)).isEmpty();
    }

    @Test
    void aGoneSubscriptionTakesItsQueuedDeliveriesWithIt() {
        User bob = user(app, "bob", null, null, null, null);
        PushSubscription phone = storage.push().subscribe(app.id(), bob.id(), apns("phone", "aa"), T0, 10).orElseThrow();
        storage.push().createEvent(app.id(), null, new PushEvent.Details(null, null, null, "hi", null), List.of(phone.id()), T0);
        storage.push().deleteSubscription(phone.id());
        assertThat(storage.push().subscriptions(app.id(), bob.id())).isEmpty();
        assertThat(storage.push().queued(app.id())).isZero();
    }

    private static PushSubscription.Details apns(String udid, String token) {
        return new PushSubscription.Details(PushChannel.APNS, udid, "ios", "production", token, null, null, null, null);
    }

    private List<String> ids(User user, MeetingQuery.Condition... conditions) {
        return storage.meetings().list(meetings(user, List.of(conditions), 0, 100)).items().stream().map(Meeting::id).toList();
    }

    private static MeetingQuery.Condition meetingCond(MeetingField field, MeetingQuery.Operator operator, Object... values) {
        return new MeetingQuery.Condition(field, operator, List.of(values));
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
