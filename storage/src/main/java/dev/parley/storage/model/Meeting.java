package dev.parley.storage.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A meeting of one application (docs/protocol.md section 2.3): the REST object that names a conference room and says
 * who may join it. Its {@code id} (24 lowercase hex characters) is the room id; the host and the attendees are
 * the users it admits (section 4.5).
 *
 * @param hostId the user who created it; only the host may change or delete it
 */
public record Meeting(String id, long applicationId, long hostId, Details details, Instant createdAt,
                      Instant updatedAt) {

    /**
     * Someone invited: a user of the application by id, an e-mail address (matched case-insensitively against
     * the e-mail of whoever joins), or both. At least one is set.
     */
    public record Attendee(Long userId, String email) {
    }

    /** The unit of {@link NotifyBefore}, by its wire name. */
    public enum Metric {
        MINUTES, HOURS, DAYS, WEEKS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How long before the start attendees would like a reminder. */
    public record NotifyBefore(Metric metric, int value) {
    }

    /** The time zone the meeting was planned in: offset from UTC in minutes, and the zone's name. */
    public record Timezone(int offset, String name) {
    }

    /**
     * What the host may write.
     *
     * @param startDate       Unix seconds
     * @param endDate         Unix seconds, after {@code startDate}
     * @param record          whether the room is recorded; null when never set
     * @param isPublic        readable by id by every user of the application (not: joinable by them)
     * @param notifyAttendees the wire's {@code notify}: whether attendees want a reminder
     * @param notifyBefore    null when not set
     * @param timezone        null when not set
     */
    public record Details(String name, long startDate, long endDate, List<Attendee> attendees, Boolean record,
                          boolean isPublic, boolean scheduled, boolean notifyAttendees, NotifyBefore notifyBefore,
                          Timezone timezone) {

        public Details {
            attendees = List.copyOf(attendees);
        }
    }

    /**
     * Whether this meeting's room admits a user: its host, or an attendee named by the user's id or by the
     * user's e-mail address (case-insensitively). The conference layer asks this of a meeting whose id is
     * the room being joined (docs/protocol.md section 4).
     *
     * @param email the user's e-mail address, or null when they have none
     */
    public boolean admits(long userId, String email) {
        if (userId == hostId) {
            return true;
        }
        for (Attendee attendee : details.attendees()) {
            if (attendee.userId() != null && attendee.userId() == userId) {
                return true;
            }
            if (attendee.email() != null && email != null
                    && attendee.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a user may read it: anyone it admits, and every user of the application when it is public. */
    public boolean readableBy(long userId, String email) {
        return details.isPublic() || admits(userId, email);
    }
}
