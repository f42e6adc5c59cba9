package dev.parley.server;

import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/** docs/protocol.md section 2.3 (meetings), over HTTP against the real server, as the ConnectyCube SDK calls it. */
class MeetingApiTest {

    private static final long START = 1_893_456_000L; // 2030-01-01T00:00:00Z

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static final RestClient rest = new RestClient();
    static Application app;
    static String appToken;
    /** Ids and tokens of the fixture users, by login. */
    static final Map<String, Long> ids = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void setUp() {
        app = server.app();
        appToken = session(app, null);
        for (String login : List.of("host", "guest", "mailed", "stranger")) {
            Map<String, Object> user = new HashMap<>(Map.of("login", login, "password", "password-" + login));
            user.put("email", login + "@example.com");
            Response response = rest.postJson(server.http("/users"), Map.of("user", user), "CB-Token", appToken);
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            ids.put(login, ((Number) response.object("user").get("id")).longValue());
            tokens.put(login, session(app, login));
        }
    }

    static String session(Application application, String login) {
        Map<String, Object> body = new HashMap<>(Map.of("application_id", application.id(), "auth_key", application.authKey()));
        if (login != null) {
            body.put("user", Map.of("login", login, "password", "password-" + login));
        }
        Response response = rest.postJson(server.http("/session"), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return (String) response.object("session").get("token");
    }

    /** What the ConnectyCube SDK's meetings.create sends, with the given fields on top. */
    static Map<String, Object> sdkBody(String name, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("start_date", START);
        body.put("end_date", START + 3600);
        body.put("attendees", List.of());
        body.put("record", false);
        body.put("chat", false);
        body.putAll(more);
        return body;
    }

    static Map<String, Object> create(String login, String name, Map<String, Object> more) {
        Response response = rest.postJson(server.http("/meetings.json"), sdkBody(name, more), "CB-Token", tokens.get(login));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** A meeting of host's with guest invited by id and mailed by e-mail. */
    static Map<String, Object> invitation(String name, boolean isPublic) {
        return create("host", name, Map.of("public", isPublic, "attendees", List.of(Map.of("id", ids.get("guest")),
                Map.of("email", "MAILED@example.com"))));
    }

    static URI one(Object id) {
        return server.http("/meetings.json?_id=" + id);
    }

    static URI meeting(Object id) {
        return server.http("/meetings/" + id + ".json");
    }

    @Test
    void createAnswersTheWholeMeetingObjectUnwrapped() {
        Map<String, Object> meeting = create("host", "Kick-off", Map.of("scheduled", true, "notify", true,
                "notify_before", Map.of("metric", "minutes", "value", 15),
                "timezone", Map.of("offset", 120, "name", "Europe/Kyiv"),
                "attendees", List.of(Map.of("id", ids.get("guest")), Map.of("email", "someone@example.com"))));
        assertThat(meeting).containsOnlyKeys("_id", "name", "start_date", "end_date", "attendees", "record", "chat_dialog_id",
                "host_id", "public", "scheduled", "notify", "notify_before", "timezone", "created_at", "updated_at");
        assertThat((String) meeting.get("_id")).matches("[0-9a-f]{24}");
        assertThat(meeting).containsEntry("name", "Kick-off").containsEntry("start_date", (int) START)
                .containsEntry("end_date", (int) (START + 3600)).containsEntry("record", false)
                .containsEntry("chat_dialog_id", null).containsEntry("host_id", ids.get("host").intValue())
                .containsEntry("public", false).containsEntry("scheduled", true).containsEntry("notify", true)
                .containsEntry("notify_before", Map.of("metric", "minutes", "value", 15))
                .containsEntry("timezone", Map.of("offset", 120, "name", "Europe/Kyiv"))
                .containsEntry("attendees", List.of(Map.of("id", ids.get("guest").intValue()),
                        Map.of("email", "someone@example.com")));
        Instant created = Instant.parse((String) meeting.get("created_at"));
        assertThat(meeting.get("updated_at")).isEqualTo(meeting.get("created_at"));
        assertThat(created).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
        assertThat(rest.get(one(meeting.get("_id")), "CB-Token", tokens.get("host")).json()).isEqualTo(meeting);
    }

    @Test
    void createStartsNowForAnHourWhenNoTimesAreGiven() {
        long before = Instant.now().getEpochSecond();
        Response response = rest.postJson(server.http("/meetings"), Map.of("name", "Now"), "CB-Token", tokens.get("host"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long start = ((Number) response.json().get("start_date")).longValue();
        assertThat(start).isBetween(before, Instant.now().getEpochSecond());
        assertThat(((Number) response.json().get("end_date")).longValue()).isEqualTo(start + 3600);
        assertThat(response.json()).containsEntry("record", false).containsEntry("notify_before", null)
                .containsEntry("timezone", null).containsEntry("attendees", List.of());
    }

    @Test
    void everyRouteNeedsASessionAndAUser() {
        Map<String, Object> meeting = invitation("Private", false);
        Object id = meeting.get("_id");
        List<Response> withoutToken = List.of(rest.postJson(server.http("/meetings"), sdkBody("x", Map.of())),
                rest.get(server.http("/meetings")), rest.get(one(id)), rest.get(server.http("/meetings/paged")),
                rest.putJson(meeting(id), Map.of("name", "y")), rest.delete(meeting(id)),
                rest.get(server.http("/meetings/recordings/" + id)),
                rest.get(server.http("/meetings"), "CB-Token", "expired-or-never-issued"));
        for (Response response : withoutToken) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error("base")).isEqualTo("Required session does not exist");
        }
        Response appSession = rest.get(server.http("/meetings"), "CB-Token", appToken);
        assertThat(appSession.status()).isEqualTo(401);
        assertThat(appSession.error("base")).isEqualTo("This action needs a user session; log in first");
        assertThat(rest.postJson(server.http("/meetings"), sdkBody("x", Map.of()), "CB-Token", appToken).status())
                .isEqualTo(401);
    }

    @Test
    void hostAndAttendeesByIdOrEmailReadAMeetingAndStrangersDoNotSeeIt() {
        Object id = invitation("Private", false).get("_id");
        for (String login : List.of("host", "guest", "mailed")) {
            Response response = rest.get(one(id), "CB-Token", tokens.get(login));
            assertThat(response.status()).as(login).isEqualTo(200);
            assertThat(response.json()).as(login).containsEntry("_id", id).containsEntry("name", "Private");
            assertThat(rest.get(server.http("/meetings/recordings/" + id + ".json"), "CB-Token", tokens.get(login))
                    .body()).isEqualTo("[]");
        }
        Response stranger = rest.get(one(id), "CB-Token", tokens.get("stranger"));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.error("base")).isEqualTo("Meeting not found");
        assertThat(rest.get(server.http("/meetings/recordings/" + id), "CB-Token", tokens.get("stranger")).status())
                .isEqualTo(404);
        for (String unknown : List.of("0123456789abcdef01234567", "not-an-id", "A" + String.valueOf(id).substring(1), "")) {
            assertThat(rest.get(one(unknown), "CB-Token", tokens.get("host")).status()).as(unknown).isEqualTo(404);
        }
    }

    @Test
    void aPublicMeetingIsReadableByEveryUserOfTheApplicationWithoutAttendeesEmails() {
        Map<String, Object> meeting = invitation("Open house", true);
        Response stranger = rest.get(one(meeting.get("_id")), "CB-Token", tokens.get("stranger"));
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.json()).containsEntry("public", true)
                .containsEntry("attendees", List.of(Map.of("id", ids.get("guest").intValue()), Map.of()));
        assertThat(rest.get(one(meeting.get("_id")), "CB-Token", tokens.get("guest")).json().get("attendees"))
                .isEqualTo(List.of(Map.of("id", ids.get("guest").intValue()), Map.of("email", "MAILED@example.com")));
        assertThat(rest.get(server.http("/meetings/recordings/" + meeting.get("_id")), "CB-Token", tokens.get("stranger"))
                .body()).isEqualTo("[]");
        // Readable, but not theirs: public meetings are not in a stranger's list.
        assertThat(listIds("stranger", "")).doesNotContain(meeting.get("_id"));
    }

    @Test
    void onlyTheHostChangesAMeeting() {
        Map<String, Object> meeting = invitation("Draft", true);
        Object id = meeting.get("_id");
        Response update = rest.putJson(meeting(id), Map.of("name", "Final", "end_date", START + 7200, "record", true,
                "attendees", List.of(Map.of("id", ids.get("mailed"))), "_id", "ignored", "host_id", 1), "CB-Token",
                tokens.get("host"));
        assertThat(update.status()).as(update.body()).isEqualTo(200);
        assertThat(update.json()).containsEntry("_id", id).containsEntry("name", "Final")
                .containsEntry("start_date", (int) START).containsEntry("end_date", (int) (START + 7200))
                .containsEntry("record", true).containsEntry("public", true)
                .containsEntry("host_id", ids.get("host").intValue())
                .containsEntry("attendees", List.of(Map.of("id", ids.get("mailed").intValue())))
                .containsEntry("created_at", meeting.get("created_at"));
        assertThat(Instant.parse((String) update.json().get("updated_at")))
                .isAfterOrEqualTo(Instant.parse((String) meeting.get("updated_at")));
        assertThat(rest.get(one(id), "CB-Token", tokens.get("host")).json()).isEqualTo(update.json());

        Response byAttendee = rest.putJson(meeting(id), Map.of("name", "Mine now"), "CB-Token", tokens.get("mailed"));
        assertThat(byAttendee.status()).isEqualTo(403);
        assertThat(byAttendee.error("base")).isEqualTo("Only the meeting's host may change it");
        assertThat(rest.putJson(meeting(id), Map.of("name", "Mine now"), "CB-Token", tokens.get("stranger")).status())
                .as("a stranger who can read the public meeting").isEqualTo(403);
        assertThat(rest.get(one(id), "CB-Token", tokens.get("host")).json()).containsEntry("name", "Final");

        Object hidden = invitation("Hidden", false).get("_id");
        assertThat(rest.putJson(meeting(hidden), Map.of("name", "x"), "CB-Token", tokens.get("stranger")).status())
                .as("a stranger who cannot read it").isEqualTo(404);
        assertThat(rest.putJson(meeting("0123456789abcdef01234567"), Map.of("name", "x"), "CB-Token", tokens.get("host"))
                .status()).isEqualTo(404);
    }

    @Test
    void updateClearsNullableFieldsWithNull() {
        Object id = create("host", "Clearing", Map.of("record", true, "notify_before", Map.of("metric", "days", "value", 1),
                "timezone", Map.of("offset", 0, "name", "UTC"))).get("_id");
        Map<String, Object> body = new HashMap<>();
        body.put("record", null);
        body.put("notify_before", null);
        body.put("timezone", null);
        Response response = rest.putJson(meeting(id), body, "CB-Token", tokens.get("host"));
        assertThat(response.json()).containsEntry("record", null).containsEntry("notify_before", null)
                .containsEntry("timezone", null).containsEntry("name", "Clearing");
    }

    @Test
    void onlyTheHostDeletesAMeeting() {
        Object id = invitation("Doomed", false).get("_id");
        Response byAttendee = rest.delete(meeting(id), "CB-Token", tokens.get("guest"));
        assertThat(byAttendee.status()).isEqualTo(403);
        assertThat(byAttendee.error("base")).isEqualTo("Only the meeting's host may delete it");
        assertThat(rest.delete(meeting(id), "CB-Token", tokens.get("stranger")).status()).isEqualTo(404);

        Response deleted = rest.delete(meeting(id), "CB-Token", tokens.get("host"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(rest.get(one(id), "CB-Token", tokens.get("host")).status()).isEqualTo(404);
        assertThat(rest.delete(meeting(id), "CB-Token", tokens.get("host")).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/meetings/recordings/" + id), "CB-Token", tokens.get("host")).status())
                .isEqualTo(404);
    }

    @Test
    void meetingsOfAnotherApplicationDoNotExist() {
        Map<String, Object> meeting = invitation("Ours", true);
        Object id = meeting.get("_id");
        Application other = server.server().applications().create("Other " + System.nanoTime());
        String otherAppToken = session(other, null);
        Response signUp = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "host",
                "email", "guest@example.com", "password", "password-host")), "CB-Token", otherAppToken);
        assertThat(signUp.status()).isEqualTo(201);
        String outsider = session(other, "host");

        assertThat(rest.get(one(id), "CB-Token", outsider).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/meetings/recordings/" + id), "CB-Token", outsider).status()).isEqualTo(404);
        assertThat(rest.putJson(meeting(id), Map.of("name", "Theirs"), "CB-Token", outsider).status()).isEqualTo(404);
        assertThat(rest.delete(meeting(id), "CB-Token", outsider).status()).isEqualTo(404);
        // The outsider has guest's e-mail address: that admits nobody across applications.
        assertThat(rest.get(server.http("/meetings"), "CB-Token", outsider).body()).isEqualTo("[]");
        assertThat(rest.get(one(id), "CB-Token", tokens.get("host")).json()).containsEntry("name", "Ours");

        // Inviting another application's user by id is refused.
        long outsiderId = ((Number) signUp.object("user").get("id")).longValue();
        Response invite = rest.postJson(server.http("/meetings"), sdkBody("Cross", Map.of("attendees",
                List.of(Map.of("id", outsiderId)))), "CB-Token", tokens.get("host"));
        assertThat(invite.status()).isEqualTo(422);
        assertThat(invite.error("attendees")).isEqualTo("no such user in this application: " + outsiderId);
        Response update = rest.putJson(meeting(id), Map.of("attendees", List.of(Map.of("id", outsiderId))), "CB-Token",
                tokens.get("host"));
        assertThat(update.status()).isEqualTo(422);
    }

    @Test
    void validationNamesEveryFieldAtFault() {
        Map<String, Object> body = new HashMap<>(Map.of("start_date", "tomorrow", "end_date", 1_893_456_000_000L,
                "attendees", List.of(Map.of("email", "not-an-address"), Map.of("id", -1)), "public", "perhaps",
                "notify_before", Map.of("metric", "fortnights", "value", 1),
                "timezone", Map.of("offset", 2000, "name", "Mars/Olympus")));
        Response response = rest.postJson(server.http("/meetings"), body, "CB-Token", tokens.get("host"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors")).asInstanceOf(MAP).containsOnlyKeys("name", "start_date", "end_date",
                "attendees[0][email]", "attendees[1][id]", "public", "notify_before[metric]", "timezone[offset]");
        assertThat(response.error("end_date")).contains("looks like milliseconds");

        Response backwards = rest.postJson(server.http("/meetings"), sdkBody("Backwards", Map.of("end_date", START)),
                "CB-Token", tokens.get("host"));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.error("end_date")).isEqualTo("must be after start_date");

        Response tooLong = rest.postJson(server.http("/meetings"), sdkBody("n".repeat(201), Map.of()), "CB-Token",
                tokens.get("host"));
        assertThat(tooLong.error("name")).isEqualTo("must be 1 to 200 characters");

        Object id = invitation("Valid", false).get("_id");
        Response badUpdate = rest.putJson(meeting(id), Map.of("start_date", START + 3600), "CB-Token", tokens.get("host"));
        assertThat(badUpdate.status()).isEqualTo(422);
        assertThat(badUpdate.error("end_date")).isEqualTo("must be after start_date");
        assertThat(rest.get(one(id), "CB-Token", tokens.get("host")).json()).containsEntry("start_date", (int) START);
    }

    @Test
    void listShowsTheUsersMeetingsFilteredAndPaged() {
        String me = "lister" + System.nanoTime() % 100_000;
        Response signUp = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", me, "email", me + "@example.com",
                "password", "password-" + me)), "CB-Token", appToken);
        assertThat(signUp.status()).isEqualTo(201);
        long myId = ((Number) signUp.object("user").get("id")).longValue();
        tokens.put(me, session(app, me));
        Object hosted = create(me, "Hosted", Map.of("start_date", START + 300, "end_date", START + 400)).get("_id");
        Object byId = create("host", "By id", Map.of("start_date", START + 100, "end_date", START + 200,
                "attendees", List.of(Map.of("id", myId)))).get("_id");
        Object byEmail = create("host", "By e-mail", Map.of("start_date", START + 200, "end_date", START + 300,
                "scheduled", true, "attendees", List.of(Map.of("email", me.toUpperCase(Locale.ROOT) + "@EXAMPLE.COM")))).get("_id");
        create("host", "Not mine", Map.of("start_date", START + 150, "end_date", START + 250));

        assertThat(listIds(me, "")).containsExactly(byId, byEmail, hosted);
        assertThat(listIds(me, "?start_date[gt]=" + (START + 100))).containsExactly(byEmail, hosted);
        assertThat(listIds(me, "?start_at[gte]=" + (START + 100) + "&end_at[lte]=" + (START + 300)))
                .containsExactly(byId, byEmail);
        assertThat(listIds(me, "?scheduled=true")).containsExactly(byEmail);
        assertThat(listIds(me, "?scheduled[ne]=true")).containsExactly(byId, hosted);
        assertThat(listIds(me, "?end_date[in][]=" + (START + 200) + "&end_date[in][]=" + (START + 400)))
                .containsExactly(byId, hosted);
        assertThat(listIds(me, "?start_date[nin]=" + (START + 100) + "," + (START + 300))).containsExactly(byEmail);
        assertThat(listIds(me, "?created_at[lt]=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(listIds(me, "?updated_at[gte]=946684800&start_date[lt]=" + (START + 200))).containsExactly(byId);
        assertThat(listIds(me, "?limit=1&offset=1")).containsExactly(byEmail);

        Response paged = rest.get(server.http("/meetings/paged.json?limit=2&skip=1"), "CB-Token", tokens.get(me));
        assertThat(paged.status()).isEqualTo(200);
        assertThat(paged.json()).containsOnlyKeys("limit", "skip", "total_entries", "items")
                .containsEntry("limit", 2).containsEntry("skip", 1).containsEntry("total_entries", 3);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) paged.json().get("items");
        assertThat(items).extracting(m -> m.get("_id")).containsExactly(byEmail, hosted);
        assertThat(rest.get(server.http("/meetings/paged?scheduled=1"), "CB-Token", tokens.get(me)).json())
                .containsEntry("limit", 100).containsEntry("skip", 0).containsEntry("total_entries", 1);

        Response unknown = rest.get(server.http("/meetings?host_id=1"), "CB-Token", tokens.get(me));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.error("host_id")).startsWith("unknown meeting filter");
        assertThat(rest.get(server.http("/meetings?limit=101"), "CB-Token", tokens.get(me)).error("limit"))
                .isEqualTo("must be between 1 and 100");
        assertThat(rest.get(server.http("/meetings?start_date[between]=1,2"), "CB-Token", tokens.get(me))
                .error("start_date[between]")).startsWith("unknown operator");
    }

    @Test
    void aLongListIsCappedAtTheDefaultLimitOfOneHundred() {
        String me = "busy" + System.nanoTime() % 100_000;
        Response signUp = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", me, "password", "password-" + me)),
                "CB-Token", appToken);
        assertThat(signUp.status()).isEqualTo(201);
        tokens.put(me, session(app, me));
        for (int i = 0; i < 101; i++) {
            create(me, "m" + i, Map.of("start_date", START + i, "end_date", START + i + 60));
        }
        assertThat(listIds(me, "")).hasSize(100);
        assertThat(rest.get(server.http("/meetings/paged"), "CB-Token", tokens.get(me)).json())
                .containsEntry("total_entries", 101);
        assertThat(listIds(me, "?offset=100")).hasSize(1);
    }

    private static List<Object> listIds(String login, String query) {
        Response response = rest.get(server.http("/meetings.json" + query), "CB-Token", tokens.get(login));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.list().stream().map(m -> m.get("_id")).toList();
    }
}
