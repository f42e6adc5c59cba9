package dev.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The connection pool and the schema. Opening a database migrates it to the newest schema with Flyway;
 * the same migrations run on embedded H2 and on PostgreSQL. Thread-safe.
 */
public final class Database implements AutoCloseable {

    /** Where and how to connect. An empty {@code url} means the embedded H2 file database. */
    public record Settings(String url, String user, String password, int poolSize, Duration connectionTimeout) {
    }

    private final HikariDataSource dataSource;
    private final boolean embedded;

    private Database(HikariDataSource dataSource, boolean embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @param dataDir where the embedded database lives when {@code settings.url()} is empty
     * @throws StorageException when the database cannot be reached or is held by another process
     */
    public static Database open(Settings settings, Path dataDir, MeterRegistry registry) {
        boolean embedded = settings.url().isBlank();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("parley-db");
        hikari.setJdbcUrl(embedded ? embeddedUrl(dataDir) : settings.url());
        if (!settings.user().isBlank()) {
            hikari.setUsername(settings.user());
        }
        if (!settings.password().isBlank()) {
            hikari.setPassword(settings.password());
        }
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setConnectionTimeout(settings.connectionTimeout().toMillis());
        hikari.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageException(describeOpenFailure(hikari.getJdbcUrl(), e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("database migration failed: " + e.getMessage(), e);
        }
        return new Database(dataSource, embedded);
    }

    /** The embedded H2 file database of a data directory. Its file lock keeps a second process out. */
    public static String embeddedUrl(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("db").resolve("parley");
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean embedded() {
        return embedded;
    }

    /** True when a connection can be borrowed and answers within a second. */
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String describeOpenFailure(String url, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null ? root.toString() : root.getMessage();
        if (url.startsWith("jdbc:h2:") && (reason.contains("already in use") || reason.contains("file is locked"))) {
            return "the embedded database is in use by another Parley process (stop it first): " + url;
        }
        return "cannot open database " + url.replaceAll("password=[^&;]*", "password=***") + ": " + reason;
    }
}
