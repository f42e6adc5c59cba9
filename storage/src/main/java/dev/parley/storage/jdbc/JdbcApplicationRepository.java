package dev.parley.storage.jdbc;

import dev.parley.storage.ApplicationRepository;
import dev.parley.storage.model.Application;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

public final class JdbcApplicationRepository implements ApplicationRepository {

    private static final String COLUMNS = "id, name, auth_key, auth_secret, created_at";

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcApplicationRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    @Override
    public Application create(String name, String authKey, String authSecret) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            long id = jdbc.insert("INSERT INTO applications (name, auth_key, auth_secret, created_at) VALUES (?, ?, ?, ?)",
                    List.of(name, authKey, authSecret, now));
            return new Application(id, name, authKey, authSecret, now);
        } catch (SQLException e) {
            throw Jdbc.wrap(e);
        }
    }

    @Override
    public Optional<Application> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM applications WHERE id = ?", List.of(id), JdbcApplicationRepository::map);
    }

    @Override
    public Optional<Application> findByAuthKey(String authKey) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM applications WHERE auth_key = ?", List.of(authKey),
                JdbcApplicationRepository::map);
    }

    @Override
    public List<Application> findAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM applications ORDER BY id", List.of(), JdbcApplicationRepository::map);
    }

    private static Application map(ResultSet rs) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("name"), rs.getString("auth_key"),
                rs.getString("auth_secret"), Jdbc.instant(rs, "created_at"));
    }
}
