package dev.parley.sdk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin
    ServerOptions common;

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

    @Option(names = "--chat-domain", paramLabel = "DOMAIN", defaultValue = "parley.local",
            description = "The server's chat domain (default ${DEFAULT-VALUE}).")
    String chatDomain;

    @Option(names = "--answer-time", paramLabel = "S", defaultValue = "60",
            description = "Seconds a call rings before it counts as not answered (default ${DEFAULT-VALUE}).")
    int answerTime;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new CallCommand());
        // 2 for usage errors (the picocli convention the --help text states), 1 for anything else.
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine commandLine = new CommandLine(this).getCommandSpec().commandLine();
        if (durationSeconds != null && (durationSeconds < 1 || durationSeconds > 3600)) {
            throw new CommandLine.ParameterException(commandLine, "--duration must be 1..3600 seconds");
        }
        // 0: stay until the other side hangs up.
        int duration = durationSeconds != null ? durationSeconds : mode.answer ? 0 : 10;
        if (mode.to != null && (mode.to.isEmpty() || mode.to.size() > 3)) {
            throw new CommandLine.ParameterException(commandLine, "--to takes 1 to 3 user ids");
        }
        common.resolve(commandLine);
        CallRun run = new CallRun(new CallRun.Options(common.server, common.appId, common.authKey, chatDomain, common.login,
                common.password, mode.answer ? List.of() : mode.to, audioOnly, duration, waitSeconds, answerTime, common.width,
                common.height, common.fps), System.out);
        return run.run() ? 0 : 1;
    }
}
