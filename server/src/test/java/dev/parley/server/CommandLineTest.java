package dev.parley.server;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: {@code app create}, and start-up failures that end as one clear line. */
class CommandLineTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void appCreatePrintsCredentialsThatTheServerAccepts(@TempDir Path dataDir) throws Exception {
        Result created = run("app", "create", "--name", "Support app", "--data", dataDir.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        Map<String, Object> credentials = Json.MAPPER.readValue(created.out(), new TypeReference<>() {
        });
        assertThat(credentials).containsOnlyKeys("application_id", "auth_key", "auth_secret");

        try (TestServer server = TestServer.start(dataDir)) {
            assertThat(server.app().name()).as("the first application stays the default").isEqualTo("Support app");
            RestClient.Response session = new RestClient().postJson(server.http("/session"),
                    Map.of("application_id", credentials.get("application_id"), "auth_key", credentials.get("auth_key")));
            assertThat(session.status()).isEqualTo(201);
        }
    }

    @Test
    void appCreateRefusesABlankOrMissingName(@TempDir Path dataDir) {
        Result blank = run("app", "create", "--name", " ", "--data", dataDir.toString());
        assertThat(blank.exitCode()).isEqualTo(1);
        assertThat(blank.err()).contains("application name must be 1 to 200 characters");

        Result missing = run("app", "create", "--data", dataDir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--name");
    }

    @Test
    void badConfigurationStopsRunWithTheSettingNamed(@TempDir Path dataDir) throws Exception {
        Path config = dataDir.resolve("bad.conf");
        java.nio.file.Files.writeString(config, "parley.http.port = \"eighty\"\n");
        Result result = run("run", "--data", dataDir.toString(), "--config", config.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("http.port");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        for (String command : new String[] {"run", "app"}) {
            Result result = command.equals("run")
                    ? run("run", "--data", file.resolve("data").toString(), "--port", "0", "--https-port", "-1", "--xmpp-port", "-1")
                    : run("app", "create", "--name", "x", "--data", file.resolve("data").toString());
            assertThat(result.exitCode()).as(command).isEqualTo(1);
            assertThat(result.err().strip()).as(command)
                    .startsWith("parley: cannot create the data directory " + file.resolve("data"))
                    .doesNotContain("\n").doesNotContain("Exception");
        }
    }

    @Test
    void oneLineNamesTheCausesWithoutRepeatingThem() {
        Exception e = new IllegalStateException("cannot open database x",
                new RuntimeException("cannot open database x", new java.io.IOException("Connection refused")));
        assertThat(Main.oneLine(e)).isEqualTo("cannot open database x: Connection refused");
    }
}
