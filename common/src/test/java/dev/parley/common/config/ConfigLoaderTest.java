package dev.parley.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void referenceDefaultsApplyWhenNothingIsOverridden() {
        Config config = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(config.getInt("http.port")).isEqualTo(8080);
        assertThat(config.getInt("http.https-port")).isEqualTo(8443);
        assertThat(config.getString("http.host")).isEqualTo("127.0.0.1");
        assertThat(config.getDuration("sessions.ttl")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void layersApplyInOrderFlagsThenEnvironmentThenFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("parley.conf");
        Files.writeString(file, """
                parley.http.port = 9000
                parley.http.https-port = 9443
                parley.users.max-page-size = 50
                """);
        Map<String, String> env = Map.of("PARLEY_HTTP_HTTPS_PORT", "7443", "PARLEY_USERS_MAX_PAGE_SIZE", "60");
        Config config = ConfigLoader.load(Map.of("parley.users.max-page-size", 70), Optional.of(file), env);

        assertThat(config.getInt("http.port")).as("file over reference").isEqualTo(9000);
        assertThat(config.getInt("http.https-port")).as("environment over file").isEqualTo(7443);
        assertThat(config.getInt("users.max-page-size")).as("flags over environment").isEqualTo(70);
    }

    @Test
    void environmentListsAreCommaSeparated() {
        Config config = ConfigLoader.load(Map.of(), Optional.empty(),
                Map.of("PARLEY_TLS_SELF_SIGNED_NAMES", "parley.example, 10.0.0.5"));
        assertThat(config.getStringList("tls.self-signed-names")).containsExactly("parley.example", "10.0.0.5");
    }

    @Test
    void wronglyTypedValueIsRejectedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.empty(), Map.of("PARLEY_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
    }

    @Test
    void missingConfigFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("nope.conf")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.conf");
    }

    @Test
    void everyKnobHasADistinctEnvironmentName() {
        Map<String, String> names = ConfigLoader.environmentNames();
        assertThat(new HashSet<>(names.values())).hasSize(names.size());
        assertThat(names).containsEntry("parley.http.https-port", "PARLEY_HTTP_HTTPS_PORT");
        assertThat(List.copyOf(names.keySet())).allMatch(k -> k.startsWith("parley."));
    }
}
