package dev.parley.sdk.bot;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Light conference participants for tests and benchmarks: N {@link BotParticipant}s in one JVM
 * sharing one webrtc-java engine, each a Java SDK {@code ConferenceSession} with its own Janus session, real ICE,
 * DTLS and SRTP, synthetic video (a small picture) and a tone, joined to one video room of any server that
 * speaks the Janus API (Parley's {@code /janus}, or Janus itself). Each receives every other
 * publisher on its one multistream subscriber connection and prints, once per report interval, what it got
 * per remote feed (JSON lines, see {@link Report}).
 *
 * <p>Run from the repository root after the build (test classes included), inside
 * {@code scripts/netns-run}:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp sdk-java-webrtc/target/test-classes:sdk-java-webrtc/target/parley-sdk-java-webrtc.jar:sdk-java-webrtc/target/lib/* \
 *   dev.parley.sdk.bot.ConferenceBots --server ws://127.0.0.1:8080/janus --room ROOM --participant ID:TOKEN ...
 * </pre>
 */
@Command(name = "conference-bots", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Joins N synthetic participants to one Janus-API video room and reports what each receives.%n"
                + "Exit status: 0 after --duration; 1 when no participant could join; 2 usage.")
public final class ConferenceBots implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The Janus WebSocket, e.g. ws://127.0.0.1:8080/janus.")
    URI server;

    @Option(names = "--room", required = true, paramLabel = "ROOM", description = "The room id (all digits: sent as a number).")
    String room;

    @Option(names = "--participant", required = true, paramLabel = "ID[:TOKEN]",
            description = "A participant id and the REST session token it joins with (repeat for more).")
    List<String> participants;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "160x120", description = "Video size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "15", description = "Video frame rate (default ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "60", description = "Seconds to stay, then leave (default ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--report-ms", defaultValue = "1000", description = "Stats interval in ms (default ${DEFAULT-VALUE}).")
    int reportMs;

    @Option(names = "--stagger-ms", defaultValue = "200", description = "Pause between two participants' joins (default ${DEFAULT-VALUE}).")
    int staggerMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConferenceBots()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String[] wh = size.split("x");
        RTCMediaConfig media = new RTCMediaConfig().setMinWidth(Integer.parseInt(wh[0])).setMinHeight(Integer.parseInt(wh[1]))
                .setMinFrameRate(fps).setVideoCodecs(List.of("VP8")).setAudioCodecs(List.of("opus"));
        ObjectMapper json = new ObjectMapper();
        Report report = new Report(json, System.out);
        List<BotParticipant> bots = new CopyOnWriteArrayList<>();
        ExecutorService callbacks = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("bot-callbacks").factory());
        WebrtcJavaEngine engine = WebrtcJavaEngine.synthetic();
        Thread stop = Thread.ofPlatform().unstarted(() -> closeAll(bots, engine));
        Runtime.getRuntime().addShutdownHook(stop);

        AtomicInteger failed = new AtomicInteger();
        for (String participant : participants) {
            int colon = participant.indexOf(':');
            long id = Long.parseLong(colon < 0 ? participant : participant.substring(0, colon));
            String token = colon < 0 ? null : participant.substring(colon + 1);
            BotParticipant bot = new BotParticipant(id, token, server, media, engine, callbacks, report);
            bots.add(bot);
            bot.join(room).whenComplete((ok, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    report.error(id, "join", error);
                    bots.remove(bot);
                    bot.close();
                }
            });
            Thread.sleep(staggerMs);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        while (System.nanoTime() < end) {
            Thread.sleep(reportMs);
            if (failed.get() == participants.size()) return 1;
            for (BotParticipant bot : bots) {
                try {
                    report.print(bot.stats().get(5, TimeUnit.SECONDS));
                } catch (Exception e) {
                    report.error(bot.id(), "stats", e);
                }
            }
        }
        Runtime.getRuntime().removeShutdownHook(stop);
        closeAll(bots, engine);
        callbacks.shutdown();
        report.print(report.line("done", 0));
        return 0;
    }

    private static synchronized void closeAll(List<BotParticipant> bots, WebrtcJavaEngine engine) {
        bots.parallelStream().forEach(BotParticipant::close);
        bots.clear();
        engine.close();
    }
}
