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
     * One transaction that locks the recipient's user row, then the sender's: nothing is stored for a user who
     * does not exist in the application, and concurrent senders cannot push a recipient or a sender past its
     * cap. Rows are locked in id order, so two users messaging each other cannot deadlock.
     */
    @Override
    public Outcome add(long applicationId, long userId, Long senderId, String stanza, Instant now, int maxPerUser,
                       int maxPerSender) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome outcome = addLocked(c, applicationId, userId, senderId, stanza, now, maxPerUser, maxPerSender);
                c.commit();
                return outcome;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("database error: " + e.getMessage(), e);
        }
    }

    private static Outcome addLocked(Connection c, long applicationId, long userId, Long senderId, String stanza,
                                     Instant now, int maxPerUser, int maxPerSender) throws SQLException {
        boolean senderFirst = senderId != null && senderId < userId;
        if (senderFirst) {
            lockUser(c, applicationId, senderId);
        }
        if (!lockUser(c, applicationId, userId)) {
            return Outcome.NO_SUCH_USER;
        }
        if (senderId != null && !senderFirst && senderId != userId) {
            lockUser(c, applicationId, senderId);
        }
        if (count(c, "user_id", userId) >= maxPerUser) {
            return Outcome.RECIPIENT_FULL;
        }
        if (senderId != null && count(c, "sender_id", senderId) >= maxPerSender) {
            return Outcome.SENDER_FULL;
        }
        insert(c, applicationId, userId, senderId, stanza, now);
        return Outcome.STORED;
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

    /** Messages waiting with {@code column} (user_id or sender_id) equal to {@code id}. */
    private static long count(Connection c, String column, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM offline_messages WHERE " + column + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void insert(Connection c, long applicationId, long userId, Long senderId, String stanza, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO offline_messages"
                + " (application_id, user_id, sender_id, stanza, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, applicationId);
            ps.setLong(2, userId);
            ps.setObject(3, senderId, java.sql.Types.BIGINT);
            ps.setString(4, stanza);
            ps.setObject(5, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            ps.executeUpdate();
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
