package dev.parley.sdk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options the tools share: who logs in where, and the synthetic camera's format. */
final class ServerOptions {

    @Option(names = "--as", required = true, paramLabel = "LOGIN", description = "Log in as this user.")
    String login;

    @Option(names = "--password", required = true, paramLabel = "P", description = "The user's password.")
    String password;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Parley's base URL (default ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--app-id", paramLabel = "ID", description = "Application id (default: from ./data/default-app.json).")
    Long appId;

    @Option(names = "--auth-key", paramLabel = "KEY", description = "Application auth key (default: from ./data/default-app.json).")
    String authKey;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "320x240", description = "Video size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "15", description = "Video frame rate (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "Where default-app.json is (default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--verbose", description = "Log the SDK's debug output on stderr.")
    boolean verbose;

    int width;
    int height;

    /** Checks the format, fills the application from default-app.json when not given, and turns on debug logs. */
    void resolve(CommandLine commandLine) {
        try {
            String[] parts = size.toLowerCase().split("x");
            width = Integer.parseInt(parts[0]);
            height = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(commandLine, "--size must be WIDTHxHEIGHT, e.g. 320x240");
        }
        if (width < 16 || height < 16 || width > 3840 || height > 2160) {
            throw new CommandLine.ParameterException(commandLine, "--size must be between 16x16 and 3840x2160");
        }
        if (fps < 1 || fps > 60) throw new CommandLine.ParameterException(commandLine, "--fps must be 1..60");
        if (appId == null || authKey == null) readDefaultApp(commandLine);
        if (verbose) System.setProperty("parley.log.level", "DEBUG");
    }

    private void readDefaultApp(CommandLine commandLine) {
        Path file = dataDir.resolve("default-app.json");
        try {
            JsonNode app = new ObjectMapper().readTree(Files.readString(file));
            if (appId == null) appId = app.path("application_id").asLong();
            if (authKey == null) authKey = app.path("auth_key").asText();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine,
                    "no --app-id/--auth-key given and " + file + " cannot be read (" + e.getMessage()
                            + "); run this from the directory `./parley run` uses, or pass them");
        }
    }
}
