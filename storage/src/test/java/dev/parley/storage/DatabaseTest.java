package dev.parley.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @Test
    void embeddedDatabaseIsHealthyAndLivesInTheDataDirectory(@TempDir Path dir) {
        try (Database database = Database.open(TestDatabases.h2(), dir, null)) {
            assertThat(database.embedded()).isTrue();
            assertThat(database.isHealthy()).isTrue();
            assertThat(dir.resolve("db").resolve("parley.mv.db")).exists();
        }
    }

    @Test
    void secondProcessOnTheSameEmbeddedDatabaseGetsAClearError(@TempDir Path dir) throws Exception {
        try (Database ignored = Database.open(TestDatabases.h2(), dir, null)) {
            // H2's file lock is per JVM process; a second JVM is the real contender.
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OpenDatabaseMain.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            String output = new String(other.getInputStream().readAllBytes());
            assertThat(other.waitFor()).isEqualTo(1);
            assertThat(output).contains("in use by another Parley process");
        }
    }

    @Test
    void unreachableDatabaseFailsWithTheUrlAndReason(@TempDir Path dir) {
        Database.Settings settings = new Database.Settings("jdbc:postgresql://127.0.0.1:1/nothing?password=secret", "", "",
                2, Duration.ofMillis(500));
        assertThatThrownBy(() -> Database.open(settings, dir, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open database jdbc:postgresql://127.0.0.1:1/nothing")
                .hasMessageNotContaining("secret");
    }

    /** Opens the embedded database of the directory given as argument; exits 1 with the error text. */
    public static final class OpenDatabaseMain {
        public static void main(String[] args) {
            try (Database ignored = Database.open(TestDatabases.h2(), Path.of(args[0]), null)) {
                System.exit(0);
            } catch (StorageException e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
        }
    }
}
