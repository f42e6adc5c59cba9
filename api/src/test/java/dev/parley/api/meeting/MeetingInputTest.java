package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.Meeting.Attendee;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bodies of POST and PUT /meetings (docs/protocol.md section 2.3). */
class MeetingInputTest {

    private static final long NOW = 1_767_225_600L;

    private static Map<String, List<String>> createErrors(Map<String, Object> body) {
        try {
            MeetingInput.create(Params.of(body), NOW);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors();
        }
        throw new AssertionError("accepted " + body);
    }

    private static Map<String, Object> with(Object... keysAndValues) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    @Test
    void readsWhatTheConnectyCubeSdkSendsWithItsDefaults() {
        Meeting.Details details = MeetingInput.create(Params.of(Map.of("name", "January 21, 1970 at 4:13 AM",
                "start_date", NOW + 1, "end_date", NOW + 3601, "attendees", List.of(), "record", false, "chat", false)), NOW);
        assertThat(details).isEqualTo(new Meeting.Details("January 21, 1970 at 4:13 AM", NOW + 1, NOW + 3601, List.of(),
                false, false, false, false, null, null));
    }

    @Test
    void startsNowAndLastsAnHourUnlessToldOtherwise() {
        assertThat(MeetingInput.create(Params.of(Map.of("name", "x")), NOW))
                .extracting(Meeting.Details::startDate, Meeting.Details::endDate).containsExactly(NOW, NOW + 3600);
        assertThat(MeetingInput.create(Params.of(Map.of("name", "x", "start_date", "2026-02-01T09:00:00Z")), NOW))
                .extracting(Meeting.Details::startDate, Meeting.Details::endDate)
                .containsExactly(1_769_936_400L, 1_769_936_400L + 3600);
        assertThat(MeetingInput.create(Params.of(with("name", "x", "start_date", null, "end_date", null)), NOW))
                .extracting(Meeting.Details::startDate, Meeting.Details::endDate).containsExactly(NOW, NOW + 3600);
    }

    @Test
    void readsEveryField() {
        Map<String, Object> body = with("name", "  Planning  ", "start_date", "1767225600", "end_date", 1_767_229_200.5,
                "attendees", List.of(Map.of("id", 5), Map.of("email", "Bob@Example.com"), Map.of("id", "6", "email", "c@example.com")),
                "record", null, "public", "true", "scheduled", 1, "notify", true,
                "notify_before", Map.of("metric", "HOURS", "value", "2"), "timezone", Map.of("offset", -300, "name", "America/New_York"));
        assertThat(MeetingInput.create(Params.of(body), NOW)).isEqualTo(new Meeting.Details("Planning", NOW, NOW + 3600,
                List.of(new Attendee(5L, null), new Attendee(null, "Bob@Example.com"), new Attendee(6L, "c@example.com")),
                null, true, true, true, new Meeting.NotifyBefore(Meeting.Metric.HOURS, 2),
                new Meeting.Timezone(-300, "America/New_York")));
    }

    @Test
    void namesEveryFieldAtFaultAtOnce() {
        Map<String, List<String>> errors = createErrors(with("start_date", "soon", "end_date", -5,
                "attendees", List.of(Map.of("id", 0), Map.of("email", "nope"), "7", Map.of()),
                "record", "maybe", "public", "often", "scheduled", List.of(true), "notify", Map.of(), "chat", "x",
                "notify_before", Map.of("metric", "months", "value", 1), "timezone", Map.of("offset", 900, "name", "")));
        assertThat(errors).containsOnlyKeys("name", "chat", "start_date", "end_date", "attendees[0][id]",
                "attendees[1][email]", "attendees[2]", "attendees[3]", "record", "public", "scheduled", "notify",
                "notify_before[metric]", "timezone[offset]", "timezone[name]");
        assertThat(errors.get("name")).containsExactly("is required");
        assertThat(errors.get("attendees[0][id]")).containsExactly("must be a user id (a positive integer)");
        assertThat(errors.get("attendees[3]")).containsExactly("needs an id or an email");
    }

    @Test
    void endMustComeAfterStart() {
        assertThat(createErrors(Map.of("name", "x", "start_date", NOW, "end_date", NOW)))
                .containsExactly(Map.entry("end_date", List.of("must be after start_date")));
        assertThat(createErrors(Map.of("name", "x", "end_date", NOW - 1)))
                .containsExactly(Map.entry("end_date", List.of("must be after start_date")));
    }

    @Test
    void limitsNameLengthAttendeeCountAndReminderRanges() {
        assertThat(MeetingInput.create(Params.of(Map.of("name", "n".repeat(200))), NOW).name()).hasSize(200);
        assertThat(createErrors(Map.of("name", "n".repeat(201)))).containsOnlyKeys("name");
        assertThat(createErrors(Map.of("name", "   "))).containsOnlyKeys("name");
        assertThat(createErrors(Map.of("name", "a\u0000b"))).containsOnlyKeys("name");

        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 101; i++) {
            many.add(Map.of("id", i));
        }
        assertThat(createErrors(Map.of("name", "x", "attendees", many)).get("attendees"))
                .containsExactly("at most 100 attendees");
        assertThat(MeetingInput.create(Params.of(Map.of("name", "x", "attendees", many.subList(0, 100))), NOW)
                .attendees()).hasSize(100);
        assertThat(createErrors(Map.of("name", "x", "attendees", Map.of("id", 1)))).containsOnlyKeys("attendees");

        assertThat(createErrors(Map.of("name", "x", "notify_before", Map.of("metric", "minutes", "value", 56)))
                .get("notify_before[value]")).containsExactly("must be 0 to 55 minutes");
        assertThat(createErrors(Map.of("name", "x", "notify_before", Map.of("metric", "weeks", "value", 0)))
                .get("notify_before[value]")).containsExactly("must be 1 to 4 weeks");
        assertThat(createErrors(Map.of("name", "x", "notify_before", Map.of("metric", "days")))
                .get("notify_before[value]")).containsExactly("is required");
        assertThat(createErrors(Map.of("name", "x", "notify_before", "1 hour"))).containsOnlyKeys("notify_before");
        assertThat(createErrors(Map.of("name", "x", "timezone", Map.of("name", "UTC")))
                .get("timezone[offset]")).containsExactly("is required");
        assertThat(createErrors(Map.of("name", "x", "attendees", List.of(Map.of("email", "a@" + "b".repeat(250) + ".com")))))
                .containsOnlyKeys("attendees[0][email]");
    }

    @Test
    void textIsCheckedAndNormalisedAsUsersTextIs() {
        assertThat(createErrors(Map.of("name", "evil\u202Etxt.exe")).get("name").getFirst()).contains("bidirectional");
        assertThat(createErrors(Map.of("name", "x", "timezone", Map.of("offset", 0, "name", "UTC\u2028+1"))))
                .containsOnlyKeys("timezone[name]");
        assertThat(createErrors(Map.of("name", "x", "attendees", List.of(Map.of("email", "bob\u200B@example.com"))))
                .get("attendees[0][email]").getFirst()).contains("invisible");
        Meeting.Details details = MeetingInput.create(Params.of(Map.of("name", " Cafe\u0301 ", "attendees",
                List.of(Map.of("email", "jose\u0301@example.com")))), NOW);
        assertThat(details.name()).isEqualTo("Caf\u00E9");
        assertThat(details.attendees()).containsExactly(new Attendee(null, "jos\u00E9@example.com"));
    }

    @Test
    void repeatedAttendeesAreDroppedKeepingTheFirst() {
        Meeting.Details details = MeetingInput.create(Params.of(Map.of("name", "x", "attendees", List.of(
                Map.of("id", 5), Map.of("id", "5", "email", "five@example.com"), Map.of("email", "a@example.com"),
                Map.of("email", "A@EXAMPLE.com"), Map.of("id", 6, "email", "a@example.com")))), NOW);
        assertThat(details.attendees()).containsExactly(new Attendee(5L, null), new Attendee(null, "a@example.com"),
                new Attendee(6L, "a@example.com"));
    }

    @Test
    void updateChangesOnlyWhatIsGivenAndNullClearsTheNullableFields() {
        Meeting.Details current = new Meeting.Details("Old", NOW, NOW + 600, List.of(new Attendee(5L, null)), true, true,
                true, true, new Meeting.NotifyBefore(Meeting.Metric.DAYS, 1), new Meeting.Timezone(60, "Europe/Paris"));
        assertThat(MeetingInput.update(Params.of(Map.of()), current)).isEqualTo(current);
        assertThat(MeetingInput.update(Params.of(Map.of("name", "New", "_id", "ignored", "host_id", 99, "chat", true)),
                current)).isEqualTo(new Meeting.Details("New", NOW, NOW + 600, current.attendees(), true, true, true, true,
                current.notifyBefore(), current.timezone()));
        assertThat(MeetingInput.update(Params.of(with("record", null, "notify_before", null, "timezone", null,
                "name", null, "public", null, "attendees", null)), current))
                .isEqualTo(new Meeting.Details("Old", NOW, NOW + 600, current.attendees(), null, true, true, true, null, null));
        assertThat(MeetingInput.update(Params.of(Map.of("attendees", List.of(), "public", false)), current))
                .extracting(Meeting.Details::attendees, Meeting.Details::isPublic).containsExactly(List.of(), false);
    }

    @Test
    void updateChecksTheNewTimesAgainstTheKeptOnes() {
        Meeting.Details current = new Meeting.Details("Old", NOW, NOW + 600, List.of(), false, false, false, false, null, null);
        assertThat(MeetingInput.update(Params.of(Map.of("end_date", NOW + 60)), current).endDate()).isEqualTo(NOW + 60);
        try {
            MeetingInput.update(Params.of(Map.of("start_date", NOW + 600)), current);
            throw new AssertionError("accepted a start at the end");
        } catch (ApiException e) {
            assertThat(e.errors()).containsExactly(Map.entry("end_date", List.of("must be after start_date")));
        }
    }
}
