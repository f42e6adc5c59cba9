package dev.parley.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Database settings for tests: embedded H2, and a real PostgreSQL reached through the JDBC URL in the
 * {@code parley.test.postgres.url} system property (set from {@code PARLEY_TEST_POSTGRES_URL}; the README's
 * test command starts the server with {@code scripts/test-postgres.sh}). Each PostgreSQL use gets a fresh
 * schema, so tests never see each other's rows.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL_PROPERTY = "parley.test.postgres.url";

    private TestDatabases() {
    }

    public static Database.Settings h2() {
        return new Database.Settings("", "", "", 4, Duration.ofSeconds(5));
    }

    /** A fresh, empty schema on the test PostgreSQL server. Fails with a clear message when there is none. */
    public static Database.Settings freshPostgresSchema() {
        String url = postgresUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        String separator = url.contains("?") ? "&" : "?";
        return new Database.Settings(url + separator + "currentSchema=" + schema, "", "", 4, Duration.ofSeconds(5));
    }

    public static String postgresUrl() {
        String url = System.getProperty(POSTGRES_URL_PROPERTY, "");
        if (url.isBlank() || url.startsWith("${")) {
            throw new IllegalStateException("PostgreSQL tests need PARLEY_TEST_POSTGRES_URL: run them through "
                    + "`./parley test`, or export PARLEY_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start)");
        }
        return url;
    }
}
