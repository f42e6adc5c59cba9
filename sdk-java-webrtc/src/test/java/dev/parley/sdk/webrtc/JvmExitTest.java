package dev.parley.sdk.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** After a call and close(), a JVM whose main returns must end: no native thread keeps it alive. */
@Tag("media")
class JvmExitTest {

    private static final long EXIT_TIMEOUT_S = 60;

    @Test
    void jvmEndsAfterACallIsClosed(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(System.getenv("PARLEY_NETNS") != null, "media tests run inside scripts/netns-run");
        Path output = dir.resolve("probe.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process probe = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                CallProbe.class.getName(), "2"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = probe.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS);
        if (!ended) probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String log = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(ended).as("the probe JVM ended within %d s; its output:%n%s", EXIT_TIMEOUT_S, log).isTrue();
        assertThat(probe.exitValue()).as(log).isZero();
        assertThat(log).contains("frames decoded").contains("closed");
    }
}
