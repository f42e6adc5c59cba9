package dev.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V5: logins and e-mails stored before NFC look-ups are brought to NFC, so their users can still
 * log in; a row whose NFC form is another user's is left alone. On H2 and on PostgreSQL.
 */
class IdentifierMigrationTest {

    private static final String DECOMPOSED = "zoe\u0308";   // "zoë" as e + combining diaeresis
    private static final String COMPOSED = "zo\u00eb";

    @Test
    void storedIdentifiersBecomeNfcOnH2(@TempDir Path dir) throws SQLException {
        check(Database.embeddedUrl(dir), "", "");
    }

    @Test
    void storedIdentifiersBecomeNfcOnPostgres() throws SQLException {
        Database.Settings fresh = TestDatabases.freshPostgresSchema();
        check(fresh.url(), fresh.user(), fresh.password());
    }

    private static void check(String url, String user, String password) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
            config.setPassword(password);
        }
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("4").load().migrate();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO applications (id, name, auth_key, auth_secret, created_at)"
                        + " VALUES (1, 'a', 'k', 's', CURRENT_TIMESTAMP)");
                insertUser(c, 10, DECOMPOSED, "ZOE\u0308@example.com");
                insertUser(c, 11, "ame\u0301lie", null);
                // Two accounts that only looked alike: the composed one exists, the decomposed one must not take it.
                insertUser(c, 12, "jose\u0301", null);
                insertUser(c, 13, "jos\u00e9", null);
            }
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            try (Connection c = dataSource.getConnection()) {
                assertThat(row(c, 10)).containsExactly(COMPOSED, COMPOSED, "ZO\u00cb@example.com", "zo\u00eb@example.com");
                assertThat(row(c, 11)[0]).isEqualTo("am\u00e9lie");
                assertThat(row(c, 12)[0]).as("left as it was: its NFC form is user 13's").isEqualTo("jose\u0301");
                assertThat(row(c, 13)[0]).isEqualTo("jos\u00e9");
            }
        }
    }

    private static void insertUser(Connection c, long id, String login, String email) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, application_id, login, login_lc, email,"
                + " email_lc, is_guest, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            insert.setLong(1, id);
            insert.setString(2, login);
            insert.setString(3, login.toLowerCase(java.util.Locale.ROOT));
            insert.setString(4, email);
            insert.setString(5, email == null ? null : email.toLowerCase(java.util.Locale.ROOT));
            insert.executeUpdate();
        }
    }

    private static String[] row(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT login, login_lc, email, email_lc FROM users WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
            }
        }
    }
}
