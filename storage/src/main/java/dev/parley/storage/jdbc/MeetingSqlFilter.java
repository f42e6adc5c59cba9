package dev.parley.storage.jdbc;

import dev.parley.storage.model.MeetingField;
import dev.parley.storage.model.MeetingQuery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Renders a {@link MeetingQuery} as a parameterised WHERE clause over {@code meetings m}: the application, the
 * user as host or attendee, then the conditions. Column names come only from {@link MeetingField}; every value
 * is a bound parameter. Every filterable column is NOT NULL, so {@code ne} and {@code nin} need no null case.
 */
record MeetingSqlFilter(String where, List<Object> params) {

    static MeetingSqlFilter of(MeetingQuery query) {
        StringJoiner where = new StringJoiner(" AND ");
        List<Object> params = new ArrayList<>();
        where.add("m.application_id = ?");
        params.add(query.applicationId());
        params.add(query.userId());
        params.add(query.userId());
        if (query.userEmail() == null) {
            where.add("(m.host_id = ? OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id"
                    + " AND a.user_id = ?))");
        } else {
            where.add("(m.host_id = ? OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id"
                    + " AND (a.user_id = ? OR a.email_lc = ?)))");
            params.add(query.userEmail().toLowerCase(Locale.ROOT));
        }
        for (MeetingQuery.Condition condition : query.conditions()) {
            where.add(render(condition, params));
        }
        return new MeetingSqlFilter(where.toString(), List.copyOf(params));
    }

    private static String render(MeetingQuery.Condition c, List<Object> params) {
        String column = "m." + c.field().column();
        params.addAll(c.values());
        return switch (c.operator()) {
            case EQ -> column + " = ?";
            case NE -> column + " <> ?";
            case LT -> column + " < ?";
            case LTE -> column + " <= ?";
            case GT -> column + " > ?";
            case GTE -> column + " >= ?";
            case IN -> column + " IN (" + placeholders(c.values().size()) + ")";
            case NIN -> column + " NOT IN (" + placeholders(c.values().size()) + ")";
        };
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
