package dev.parley.storage.jdbc;

import dev.parley.storage.SessionRepository;
import dev.parley.storage.model.Session;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

public final class JdbcSessionRepository implements SessionRepository {

    private static final String COLUMNS =
            "id, application_id, user_id, token_hash, guest, nonce, ts, created_at, updated_at, expires_at";

    private final Jdbc jdbc;

    public JdbcSessionRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Session create(long applicationId, Long userId, String tokenHash, boolean guest, String nonce, long ts,
                          Instant now, Instant expiresAt) {
        try {
            long id = jdbc.insert("INSERT INTO sessions (application_id, user_id, token_hash, guest, nonce, ts, created_at,"
                            + " updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(applicationId, userId, tokenHash, guest, nonce, ts, now, now, expiresAt));
            return new Session(id, applicationId, userId, tokenHash, guest, nonce, ts, now, now, expiresAt);
        } catch (SQLException e) {
            throw Jdbc.wrap(e);
        }
    }

    @Override
    public Optional<Session> findByTokenHash(String tokenHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?", List.of(tokenHash),
                JdbcSessionRepository::map);
    }

    @Override
    public void touch(long id, Instant now, Instant expiresAt) {
        jdbc.update("UPDATE sessions SET updated_at = ?, expires_at = ? WHERE id = ?", List.of(now, expiresAt, id));
    }

    @Override
    public void setUser(long id, Long userId, boolean guest, Instant now, Instant expiresAt) {
        jdbc.update("UPDATE sessions SET user_id = ?, guest = ?, updated_at = ?, expires_at = ? WHERE id = ?",
                Arrays.asList(userId, guest, now, expiresAt, id));
    }

    @Override
    public boolean delete(long id) {
        return jdbc.update("DELETE FROM sessions WHERE id = ?", List.of(id)) > 0;
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM sessions WHERE expires_at < ?", List.of(now));
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(rs.getLong("id"), rs.getLong("application_id"), Jdbc.nullableLong(rs, "user_id"),
                rs.getString("token_hash"), rs.getBoolean("guest"), rs.getString("nonce"), rs.getLong("ts"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "expires_at"));
    }
}
