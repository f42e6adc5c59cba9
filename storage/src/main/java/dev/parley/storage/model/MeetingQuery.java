package dev.parley.storage.model;

import java.util.List;

/**
 * A page of the meetings one user takes part in: those of the application that the user hosts or is an
 * attendee of (by id, or by {@code userEmail} when the user has one), narrowed by conditions joined with AND,
 * ordered by start date then id. Values are typed as {@link MeetingField.ValueType} says.
 *
 * @param userEmail the user's e-mail address, or null when they have none
 */
public record MeetingQuery(long applicationId, long userId, String userEmail, List<Condition> conditions, int offset,
                           int limit) {

    public enum Operator { EQ, NE, LT, LTE, GT, GTE, IN, NIN }

    public record Condition(MeetingField field, Operator operator, List<Object> values) {

        public Condition {
            values = List.copyOf(values);
        }
    }

    public MeetingQuery {
        conditions = List.copyOf(conditions);
    }

    /** A page of results together with the number of all matching meetings. */
    public record Page(long total, List<Meeting> items) {
    }
}
