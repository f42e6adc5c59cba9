package dev.parley.sdk.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call behaviour both SDKs share (docs/protocol.md §3.3 and the races around it), replayed from the
 * language-neutral scenario files in {@code sdk-scenarios/calls/}; the browser SDK's suite replays the same files.
 */
class ScenariosTest {

    /** The repository's scenario folder, from this module's directory (where Maven runs the tests). */
    static final Path SCENARIOS = Path.of("").toAbsolutePath().resolveSibling("sdk-scenarios");

    @TestFactory
    Stream<DynamicTest> sharedCallScenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SCENARIOS.resolve("calls"))) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("scenarios in " + SCENARIOS).isNotEmpty();
        ObjectMapper json = new ObjectMapper();
        return files.stream().map(file -> {
            JsonNode scenario;
            try {
                scenario = json.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return DynamicTest.dynamicTest(file.getFileName() + ": " + scenario.get("title").asText(),
                    () -> ScenarioRunner.run(scenario));
        });
    }
}
