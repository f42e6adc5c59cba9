package dev.parley.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds Parley's configuration from its layers, highest precedence first: explicit overrides
 * (command-line flags), environment variables, an optional HOCON file, and {@code reference.conf}.
 *
 * <p>Environment variables are derived from the reference paths: {@code parley.http.https-port} is
 * {@code PARLEY_HTTP_HTTPS_PORT}. Only paths that exist in {@code reference.conf} are read, so a typo in a
 * variable name is never mistaken for a setting.
 */
public final class ConfigLoader {

    private static final String ROOT = "parley";

    private ConfigLoader() {
    }

    /**
     * @param overrides values keyed by full path (e.g. {@code parley.http.port}), from command-line flags
     * @param file      a HOCON file to layer over the reference, if any
     * @param env       the process environment
     */
    public static Config load(Map<String, ?> overrides, Optional<Path> file, Map<String, String> env) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config fileLayer = file.map(ConfigLoader::parseFile).orElse(ConfigFactory.empty());
        Config envLayer = fromEnvironment(reference, env);
        Config overrideLayer = ConfigFactory.parseMap(overrides, "command line");
        Config config = overrideLayer.withFallback(envLayer).withFallback(fileLayer).withFallback(reference).resolve();
        config.checkValid(reference, ROOT);
        checkScalarTypes(config, reference);
        return config.getConfig(ROOT);
    }

    /** The environment variable that sets a reference path, e.g. {@code PARLEY_HTTP_HTTPS_PORT}. */
    public static String environmentName(String path) {
        String relative = path.startsWith(ROOT + ".") ? path.substring(ROOT.length() + 1) : path;
        return "PARLEY_" + relative.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every settable path of the reference configuration with its environment variable name. */
    public static Map<String, String> environmentNames() {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class, "/reference.conf");
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            names.put(entry.getKey(), environmentName(entry.getKey()));
        }
        return names;
    }

    /**
     * {@link Config#checkValid} lets a string stand where a number is expected (it may convert later);
     * reading every number and boolean now reports a bad value with its path at start-up instead.
     */
    private static void checkScalarTypes(Config config, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            switch (entry.getValue().valueType()) {
                case NUMBER -> config.getNumber(entry.getKey());
                case BOOLEAN -> config.getBoolean(entry.getKey());
                default -> {
                }
            }
        }
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException.Generic("configuration file not found: " + file);
        }
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }

    private static Config fromEnvironment(Config reference, Map<String, String> env) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            String value = env.get(environmentName(entry.getKey()));
            if (value == null) {
                continue;
            }
            Object parsed = entry.getValue().valueType() == ConfigValueType.LIST
                    ? splitList(value)
                    : value;
            values.put(entry.getKey(), ConfigValueFactory.fromAnyRef(parsed, "environment variable " + environmentName(entry.getKey())));
        }
        return ConfigFactory.parseMap(values, "environment");
    }

    private static List<String> splitList(String value) {
        if (value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
