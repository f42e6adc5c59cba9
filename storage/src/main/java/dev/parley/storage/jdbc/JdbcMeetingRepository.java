package dev.parley.storage.jdbc;

import dev.parley.storage.MeetingRepository;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.Meeting.Attendee;
import dev.parley.storage.model.MeetingQuery;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Meetings in two tables: {@code meetings}, and {@code meeting_attendees} in the order given. A meeting and its
 * attendees are written in one transaction. Ids are 96 random bits from {@link SecureRandom}, so that knowing a
 * meeting's id (which a public meeting's readers need) is the only way to find it.
 */
public final class JdbcMeetingRepository implements MeetingRepository {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final int ID_BYTES = 12;
    private static final String COLUMNS = "m.id, m.application_id, m.host_id, m.name, m.start_date, m.end_date, m.record,"
            + " m.is_public, m.scheduled, m.notify, m.notify_before_metric, m.notify_before_value, m.timezone_offset,"
            + " m.timezone_name, m.created_at, m.updated_at";

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public JdbcMeetingRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Meeting create(long applicationId, long hostId, Meeting.Details details, Instant now) {
        String id = newId();
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meetings (id, application_id, host_id, name,"
                    + " start_date, end_date, record, is_public, scheduled, notify, notify_before_metric,"
                    + " notify_before_value, timezone_offset, timezone_name, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setLong(2, applicationId);
                ps.setLong(3, hostId);
                int next = bindDetails(ps, 4, details);
                ps.setObject(next, utc(now));
                ps.setObject(next + 1, utc(now));
                ps.executeUpdate();
            }
            insertAttendees(c, id, details.attendees());
            return true;
        });
        return new Meeting(id, applicationId, hostId, details, now, now);
    }

    @Override
    public Optional<Meeting> findById(long applicationId, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM meetings m WHERE m.application_id = ? AND m.id = ?",
                List.of(applicationId, id), JdbcMeetingRepository::map);
        return withAttendees(rows).stream().findFirst();
    }

    @Override
    public Optional<Meeting> update(long applicationId, String id, Meeting.Details details, Instant now) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        boolean updated = jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE meetings SET name = ?, start_date = ?, end_date = ?,"
                    + " record = ?, is_public = ?, scheduled = ?, notify = ?, notify_before_metric = ?,"
                    + " notify_before_value = ?, timezone_offset = ?, timezone_name = ?, updated_at = ?"
                    + " WHERE application_id = ? AND id = ?")) {
                int next = bindDetails(ps, 1, details);
                ps.setObject(next, utc(now));
                ps.setLong(next + 1, applicationId);
                ps.setString(next + 2, id);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM meeting_attendees WHERE meeting_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            insertAttendees(c, id, details.attendees());
            return true;
        });
        return updated ? findById(applicationId, id) : Optional.empty();
    }

    @Override
    public boolean delete(long applicationId, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        return jdbc.update("DELETE FROM meetings WHERE application_id = ? AND id = ?", List.of(applicationId, id)) > 0;
    }

    @Override
    public MeetingQuery.Page list(MeetingQuery query) {
        MeetingSqlFilter filter = MeetingSqlFilter.of(query);
        long total = jdbc.queryLong("SELECT COUNT(*) FROM meetings m WHERE " + filter.where(), filter.params());
        List<Object> params = new ArrayList<>(filter.params());
        params.add(query.limit());
        params.add(query.offset());
        List<Row> rows = jdbc.query("SELECT " + COLUMNS + " FROM meetings m WHERE "
                + filter.where() + " ORDER BY m.start_date, m.id LIMIT ? OFFSET ?", params, JdbcMeetingRepository::map);
        return new MeetingQuery.Page(total, withAttendees(rows));
    }

    /** A meeting row, waiting for its attendees. */
    private record Row(String id, Function<List<Attendee>, Meeting> complete) {
    }

    private record AttendeeRow(String meetingId, Attendee attendee) {
    }

    /** Completes rows with their attendees, read in one query for all of them. */
    private List<Meeting> withAttendees(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Object> ids = rows.stream().map(row -> (Object) row.id()).toList();
        Map<String, List<Attendee>> attendees = jdbc.query("SELECT meeting_id, user_id, email FROM meeting_attendees"
                        + " WHERE meeting_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")"
                        + " ORDER BY meeting_id, seq", ids,
                rs -> new AttendeeRow(rs.getString("meeting_id"),
                        new Attendee(Jdbc.nullableLong(rs, "user_id"), rs.getString("email"))))
                .stream().collect(Collectors.groupingBy(AttendeeRow::meetingId,
                        Collectors.mapping(AttendeeRow::attendee, Collectors.toList())));
        return rows.stream().map(row -> row.complete().apply(attendees.getOrDefault(row.id(), List.of()))).toList();
    }

    private static void insertAttendees(Connection c, String meetingId, List<Attendee> attendees) throws SQLException {
        if (attendees.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO meeting_attendees (meeting_id, seq, user_id, email, email_lc) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < attendees.size(); i++) {
                Attendee attendee = attendees.get(i);
                ps.setString(1, meetingId);
                ps.setInt(2, i);
                ps.setObject(3, attendee.userId(), Types.BIGINT);
                ps.setString(4, attendee.email());
                ps.setString(5, attendee.email() == null ? null : attendee.email().toLowerCase(Locale.ROOT));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Binds the writable columns from {@code first} on, in table order; returns the next parameter index. */
    private static int bindDetails(PreparedStatement ps, int first, Meeting.Details d) throws SQLException {
        int i = first;
        ps.setString(i++, d.name());
        ps.setLong(i++, d.startDate());
        ps.setLong(i++, d.endDate());
        ps.setObject(i++, d.record(), Types.BOOLEAN);
        ps.setBoolean(i++, d.isPublic());
        ps.setBoolean(i++, d.scheduled());
        ps.setBoolean(i++, d.notifyAttendees());
        ps.setString(i++, d.notifyBefore() == null ? null : d.notifyBefore().metric().wireName());
        ps.setObject(i++, d.notifyBefore() == null ? null : d.notifyBefore().value(), Types.INTEGER);
        ps.setObject(i++, d.timezone() == null ? null : d.timezone().offset(), Types.INTEGER);
        ps.setString(i++, d.timezone() == null ? null : d.timezone().name());
        return i;
    }

    private static Row map(ResultSet rs) throws SQLException {
        String metric = rs.getString("notify_before_metric");
        Meeting.NotifyBefore notifyBefore = metric == null ? null
                : new Meeting.NotifyBefore(Meeting.Metric.valueOf(metric.toUpperCase(Locale.ROOT)),
                rs.getInt("notify_before_value"));
        String timezoneName = rs.getString("timezone_name");
        Meeting.Timezone timezone = timezoneName == null ? null
                : new Meeting.Timezone(rs.getInt("timezone_offset"), timezoneName);
        boolean record = rs.getBoolean("record");
        Boolean nullableRecord = rs.wasNull() ? null : record;
        String id = rs.getString("id");
        long applicationId = rs.getLong("application_id");
        long hostId = rs.getLong("host_id");
        String name = rs.getString("name");
        long start = rs.getLong("start_date");
        long end = rs.getLong("end_date");
        boolean isPublic = rs.getBoolean("is_public");
        boolean scheduled = rs.getBoolean("scheduled");
        boolean notify = rs.getBoolean("notify");
        Instant createdAt = Jdbc.instant(rs, "created_at");
        Instant updatedAt = Jdbc.instant(rs, "updated_at");
        return new Row(id, attendees -> new Meeting(id, applicationId, hostId, new Meeting.Details(name, start, end,
                attendees, nullableRecord, isPublic, scheduled, notify, notifyBefore, timezone), createdAt, updatedAt));
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
