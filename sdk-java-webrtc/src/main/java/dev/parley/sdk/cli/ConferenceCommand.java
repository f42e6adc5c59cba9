package dev.parley.sdk.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley conference}: joins one video room with synthetic media through a Parley server, subscribes to every
 * publisher, prints who it sees, their media events and a stats line per publisher per second, and exits 0 only if
 * media flowed both ways with every other participant (see {@link ConferenceRun#verdict}).
 */
@Command(name = "parley conference", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Joins a conference room with synthetic video and audio through Parley and receives every publisher.%n"
                + "Exit status: 0 media flowed both ways with every other participant (we received each one's, the room"
                + " received ours); 1 the join failed, nobody else was there, or media did not flow; 2 usage.")
public final class ConferenceCommand implements Callable<Integer> {

    @Mixin
    ServerOptions common;

    @Option(names = "--room", required = true, paramLabel = "ID",
            description = "The room: a meeting's _id, or any id (digits are Janus's integer rooms; at most 128 characters).")
    String room;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "20",
            description = "Seconds to stay once joined, then leave (default ${DEFAULT-VALUE}); "
                    + "typing leave (a line on standard input) leaves sooner.")
    int durationSeconds;

    @Option(names = "--audio-only", description = "Publish the microphone alone (no camera).")
    boolean audioOnly;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ConferenceCommand());
        // 2 for usage errors (the picocli convention the --help text states), 1 for anything else.
        commandLine.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        CommandLine commandLine = new CommandLine(this).getCommandSpec().commandLine();
        if (durationSeconds < 1 || durationSeconds > 3600) {
            throw new CommandLine.ParameterException(commandLine, "--duration must be 1..3600 seconds");
        }
        if (room.isBlank() || room.length() > 128) {
            throw new CommandLine.ParameterException(commandLine, "--room must be 1..128 characters");
        }
        common.resolve(commandLine);
        ConferenceRun run = new ConferenceRun(new ConferenceRun.Options(common.server, common.appId, common.authKey, common.login,
                common.password, room, audioOnly, durationSeconds, common.width, common.height, common.fps), System.out);
        return run.run() ? 0 : 1;
    }
}
