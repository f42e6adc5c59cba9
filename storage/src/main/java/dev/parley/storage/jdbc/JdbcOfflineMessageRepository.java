package dev.parley.storage.jdbc;

import dev.parley.storage.OfflineMessageRepository;
import dev.parley.storage.StorageException;
import dev.parley.storage.model.OfflineMessage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public final class JdbcOfflineMessageRepository implements OfflineMessageRepository {

    private final DataSource dataSource;
    private final Jdbc jdbc;

    public JdbcOfflineMessageRepository(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * One transaction that locks the recipient's user row: nothing is stored for a user who does not exist in
     * the application, and concurrent senders cannot push a user past the cap.
     */
    @Override
    public boolean add(long applicationId, long userId, String stanza, Instant now, int maxPerUser) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean stored = lockUser(c, applicationId, userId) && count(c, userId) < maxPerUser
                        && insert(c, applicationId, userId, stanza, now);
                c.commit();
                return stored;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    private static boolean lockUser(Connection c, long applicationId, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE id = ? AND application_id = ? FOR UPDATE")) {
            ps.setLong(1, userId);
            ps.setLong(2, applicationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM offline_messages WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean insert(Connection c, long applicationId, long userId, String stanza, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO offline_messages (application_id, user_id, stanza, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, applicationId);
            ps.setLong(2, userId);
            ps.setString(3, stanza);
            ps.setObject(4, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public List<OfflineMessage> takeAll(long applicationId, long userId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<OfflineMessage> messages = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement("SELECT id, application_id, user_id, stanza, created_at"
                        + " FROM offline_messages WHERE application_id = ? AND user_id = ? ORDER BY id FOR UPDATE")) {
                    select.setLong(1, applicationId);
                    select.setLong(2, userId);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            messages.add(new OfflineMessage(rs.getLong("id"), rs.getLong("application_id"),
                                    rs.getLong("user_id"), rs.getString("stanza"), Jdbc.instant(rs, "created_at")));
                        }
                    }
                }
                if (!messages.isEmpty()) {
                    try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM offline_messages WHERE application_id = ? AND user_id = ? AND id <= ?")) {
                        delete.setLong(1, applicationId);
                        delete.setLong(2, userId);
                        delete.setLong(3, messages.getLast().id());
                        delete.executeUpdate();
                    }
                }
                c.commit();
                return messages;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteOlderThan(Instant before) {
        return jdbc.update("DELETE FROM offline_messages WHERE created_at < ?", List.of(before));
    }
}
