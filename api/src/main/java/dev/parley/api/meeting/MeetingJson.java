package dev.parley.api.meeting;

import dev.parley.api.user.UserJson;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.User;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meeting object of docs/protocol.md section 2.3, bare (not wrapped): {@code start_date} and {@code end_date} in
 * Unix seconds, {@code created_at} and {@code updated_at} in ISO-8601. Attendees' e-mail addresses are contact
 * details: they are shown to the host and the attendees, and left out for a user who reads a public meeting
 * without being invited to it. Parley has no chat dialogs, so {@code chat_dialog_id} is always null.
 */
final class MeetingJson {

    private MeetingJson() {
    }

    static Map<String, Object> render(Meeting meeting, User viewer) {
        Meeting.Details d = meeting.details();
        boolean invited = meeting.admits(viewer.id(), viewer.email());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("_id", meeting.id());
        json.put("name", d.name());
        json.put("start_date", d.startDate());
        json.put("end_date", d.endDate());
        json.put("attendees", d.attendees().stream().map(a -> attendee(a, invited)).toList());
        json.put("record", d.record());
        json.put("chat_dialog_id", null);
        json.put("host_id", meeting.hostId());
        json.put("public", d.isPublic());
        json.put("scheduled", d.scheduled());
        json.put("notify", d.notifyAttendees());
        json.put("notify_before", d.notifyBefore() == null ? null
                : pair("metric", d.notifyBefore().metric().wireName(), "value", d.notifyBefore().value()));
        json.put("timezone", d.timezone() == null ? null
                : pair("offset", d.timezone().offset(), "name", d.timezone().name()));
        json.put("created_at", UserJson.iso(meeting.createdAt()));
        json.put("updated_at", UserJson.iso(meeting.updatedAt()));
        return json;
    }

    static List<Map<String, Object>> render(List<Meeting> meetings, User viewer) {
        return meetings.stream().map(m -> render(m, viewer)).toList();
    }

    private static Map<String, Object> pair(String key1, Object value1, String key2, Object value2) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(key1, value1);
        json.put(key2, value2);
        return json;
    }

    /** {@code {id?, email?}}: only the keys that are set. */
    private static Map<String, Object> attendee(Meeting.Attendee attendee, boolean showEmail) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (attendee.userId() != null) {
            json.put("id", attendee.userId());
        }
        if (attendee.email() != null && showEmail) {
            json.put("email", attendee.email());
        }
        return json;
    }
}
