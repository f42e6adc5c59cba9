package dev.parley.sdk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley call}: makes (or answers) one real call with synthetic media through a Parley
 * server, prints each state change and a stats line per second, and exits 0 only if media flowed
 * both ways. The quickest way to try the Java SDK.
 */
@Command(name = "parley call", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Makes or answers one P2P call with synthetic video and audio through Parley.%n"
                + "Exit status: 0 media flowed both ways with every peer; 1 the call failed or carried no media; 2 usage.")
public final class CallCommand implements Callable<Integer> {

    @Option(names = "--as", required = true, paramLabel = "LOGIN", description = "Log in as this user.")
    String login;

    @Option(names = "--password", required = true, paramLabel = "P", description = "The user's password.")
    String password;

    @CommandLine.ArgGroup(multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--to", paramLabel = "USER_ID", split = ",",
                description = "Call these users (1 to 3 ids, comma-separated: a group call).")
        List<Long> to;

        @Option(names = "--answer", description = "Wait for one call and accept it.")
        boolean answer;
    }

    @Option(names = "--audio-only", description = "An audio call (no camera).")
    boolean audioOnly;

    @Option(names = "--duration", paramLabel = "S",
            description = "Seconds to stay in the call once connected, then hang up (default: 10 when calling;"
                    + " with --answer, until the caller hangs up).")
    Integer durationSeconds;

    @Option(names = "--wait", paramLabel = "S", defaultValue = "120",
            description = "With --answer: seconds to wait for a call (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Parley's base URL (default ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--app-id", paramLabel = "ID", description = "Application id (default: from ./data/default-app.json).")
    Long appId;

    @Option(names = "--auth-key", paramLabel = "KEY", description = "Application auth key (default: from ./data/default-app.json).")
    String authKey;

    @Option(names = "--chat-domain", paramLabel = "DOMAIN", defaultValue = "parley.local",
            description = "The server's chat domain (default ${DEFAULT-VALUE}).")
    String chatDomain;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "320x240", description = "Video size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "15", description = "Video frame rate (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--answer-time", paramLabel = "S", defaultValue = "60",
            description = "Seconds a call rings before it counts as not answered (default ${DEFAULT-VALUE}).")
    int answerTime;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "Where default-app.json is (default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--verbose", description = "Log the SDK's debug output on stderr.")
    boolean verbose;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new CallCommand());
        // 2 for usage errors (the picocli convention the --help text states), 1 for anything else.
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.Model.CommandSpec spec = new CommandLine(this).getCommandSpec();
        int width;
        int height;
        try {
            String[] parts = size.toLowerCase().split("x");
            width = Integer.parseInt(parts[0]);
            height = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be WIDTHxHEIGHT, e.g. 320x240");
        }
        if (durationSeconds != null && (durationSeconds < 1 || durationSeconds > 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 1..3600 seconds");
        }
        // 0: stay until the other side hangs up.
        int duration = durationSeconds != null ? durationSeconds : mode.answer ? 0 : 10;
        if (mode.to != null && (mode.to.isEmpty() || mode.to.size() > 3)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to takes 1 to 3 user ids");
        }
        if (appId == null || authKey == null) readDefaultApp();
        if (verbose) System.setProperty("parley.log.level", "DEBUG");
        CallRun run = new CallRun(new CallRun.Options(server, appId, authKey, chatDomain, login, password,
                mode.answer ? List.of() : mode.to, audioOnly, duration, waitSeconds, answerTime, width, height, fps),
                System.out);
        return run.run() ? 0 : 1;
    }

    private void readDefaultApp() {
        Path file = dataDir.resolve("default-app.json");
        try {
            JsonNode app = new ObjectMapper().readTree(Files.readString(file));
            if (appId == null) appId = app.path("application_id").asLong();
            if (authKey == null) authKey = app.path("auth_key").asText();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no --app-id/--auth-key given and " + file + " cannot be read (" + e.getMessage()
                            + "); run this from the directory `./parley run` uses, or pass them");
        }
    }
}
