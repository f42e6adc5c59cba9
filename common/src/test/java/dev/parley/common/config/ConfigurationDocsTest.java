package dev.parley.common.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md must name every knob of reference.conf with its environment variable. */
class ConfigurationDocsTest {

    @Test
    void everySettingIsDocumented() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Map.Entry<String, String> setting : ConfigLoader.environmentNames().entrySet()) {
            assertThat(docs).as("docs/configuration.md").contains("| `" + setting.getKey() + "` | `" + setting.getValue() + "` |");
        }
    }
}
