package dev.parley.sdk.meeting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sdk.ParleyClient;

/**
 * Meetings over REST (docs/protocol.md §2.3), named as ConnectyCube's SDKs and the browser SDK's {@code Parley.meetings}
 * name them. A meeting's id is the room id {@code ConferenceSession.joinDialog} takes, and only its host and attendees
 * may join that room. Blocking calls with the client's session (its request timeout bounds each).
 */
public final class Meetings {

    private static final Pattern MEETING_ID = Pattern.compile("[0-9a-f]{24}");

    private final ParleyClient rest;

    public Meetings(ParleyClient rest) {
        this.rest = rest;
    }

    /** Creates a meeting hosted by the signed-in user (times in Unix seconds). */
    public Meeting createMeeting(String name, long startDate, long endDate, List<Meeting.Attendee> attendees) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a meeting needs a name");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("start_date", startDate);
        fields.put("end_date", endDate);
        fields.put("attendees", attendees.stream().map(Meetings::attendee).toList());
        return createMeeting(fields);
    }

    /**
     * Creates a meeting from its fields as protocol.md §2.3 names them ({@code name, start_date, end_date, attendees,
     * record, public, scheduled, notify, notify_before, timezone, chat}).
     */
    public Meeting createMeeting(Map<String, Object> fields) {
        return Meeting.from(rest.request("POST", "/meetings", fields));
    }

    /** The meeting with this id (404 as a {@code ParleyException} when it is not there for this user). */
    public Meeting getMeeting(String meetingId) {
        return Meeting.from(rest.request("GET", "/meetings?_id=" + id(meetingId), null));
    }

    /**
     * The meetings the user hosts or attends. Conditions as protocol.md §2.3 writes them, e.g.
     * {@code Map.of("start_date[gt]", "1764547200", "limit", "20")}.
     */
    public List<Meeting> getMeetings(Map<String, String> params) {
        List<Meeting> meetings = new ArrayList<>();
        for (JsonNode node : rest.request("GET", "/meetings" + query(params), null)) meetings.add(Meeting.from(node));
        return meetings;
    }

    /** A page of {@link #getMeetings}' list. */
    public MeetingPage getMeetingsPaged(int limit, int skip, Map<String, String> params) {
        if (limit < 1 || skip < 0) throw new IllegalArgumentException("limit must be >= 1 and skip >= 0");
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("limit", Integer.toString(limit));
        all.put("skip", Integer.toString(skip));
        JsonNode page = rest.request("GET", "/meetings/paged" + query(all), null);
        List<Meeting> items = new ArrayList<>();
        for (JsonNode node : page.path("items")) items.add(Meeting.from(node));
        return new MeetingPage(page.path("limit").asInt(), page.path("skip").asInt(), page.path("total_entries").asInt(), items);
    }

    /** Changes only the given fields of a meeting (the host only; 403 for an attendee). */
    public Meeting updateMeeting(String meetingId, Map<String, Object> fields) {
        return Meeting.from(rest.request("PUT", "/meetings/" + id(meetingId), fields));
    }

    /** Deletes a meeting (the host only). */
    public void deleteMeeting(String meetingId) {
        rest.request("DELETE", "/meetings/" + id(meetingId), null);
    }

    /** An attendee as the API writes it. */
    public static Map<String, Object> attendee(Meeting.Attendee attendee) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (attendee.id() != null) fields.put("id", attendee.id());
        if (attendee.email() != null) fields.put("email", attendee.email());
        return fields;
    }

    private static String id(String meetingId) {
        if (meetingId == null || !MEETING_ID.matcher(meetingId).matches()) {
            throw new IllegalArgumentException("a meeting id is 24 lowercase hex characters");
        }
        return meetingId;
    }

    private static String query(Map<String, String> params) {
        if (params.isEmpty()) return "";
        StringJoiner query = new StringJoiner("&", "?", "");
        params.forEach((key, value) -> query.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }
}
