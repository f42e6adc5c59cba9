package dev.parley.sdk.meeting;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A meeting (docs/protocol.md §2.3): it names a conference room ({@link #id()} is what
 * {@code ConferenceSession.joinDialog} takes) and says who may join it, its host and attendees.
 *
 * @param startDate Unix seconds
 * @param endDate   Unix seconds
 * @param record    null when not set
 * @param notifies  whether attendees are notified before it starts (the API's {@code notify})
 */
public record Meeting(String id, String name, long startDate, long endDate, List<Attendee> attendees, long hostId,
                      Boolean record, boolean isPublic, boolean scheduled, boolean notifies, String createdAt, String updatedAt) {

    /** An attendee: a user of the application by id, an e-mail address, or both (null when absent). */
    public record Attendee(Long id, String email) {

        public static Attendee user(long id) {
            return new Attendee(id, null);
        }

        public static Attendee email(String email) {
            return new Attendee(null, email);
        }
    }

    public Meeting {
        attendees = List.copyOf(attendees);
    }

    static Meeting from(JsonNode node) {
        List<Attendee> attendees = new ArrayList<>();
        for (JsonNode a : node.path("attendees")) {
            attendees.add(new Attendee(a.hasNonNull("id") ? a.path("id").asLong() : null, a.hasNonNull("email") ? a.path("email").asText() : null));
        }
        return new Meeting(node.path("_id").asText(), node.path("name").asText(null), node.path("start_date").asLong(),
                node.path("end_date").asLong(), attendees, node.path("host_id").asLong(),
                node.path("record").isBoolean() ? node.path("record").asBoolean() : null, node.path("public").asBoolean(),
                node.path("scheduled").asBoolean(), node.path("notify").asBoolean(), node.path("created_at").asText(null),
                node.path("updated_at").asText(null));
    }
}
