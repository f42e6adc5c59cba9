package dev.parley.sdk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The built Parley server, started as a user starts it ({@code ./parley run}) on a free port of
 * 127.0.0.1 with a temp data dir. The SDK's tests talk to it only over the wire. Its output is kept in
 * sdk-java-webrtc/target/server-logs/parley-PORT.log.
 */
final class ParleyServerProcess implements AutoCloseable {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    final int port;
    final long appId;
    final String authKey;
    private final Path data;
    private final Process process;

    private final Path log;

    private ParleyServerProcess(int port, Path data, Path log, Process process, long appId, String authKey) {
        this.port = port;
        this.log = log;
        this.data = data;
        this.process = process;
        this.appId = appId;
        this.authKey = authKey;
    }

    static ParleyServerProcess start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** A server with {@code environment} added to its own ({@code PARLEY_*} settings). */
    static ParleyServerProcess start(Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = ROOT.resolve("server/target/parley-server.jar");
        if (!Files.exists(jar)) throw new IllegalStateException("the server is not built: " + jar + " is missing");
        Path data = Files.createTempDirectory("parley-sdk-java-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("parley").toString(), "run", "--data", data.toString(),
                "--port", String.valueOf(port), "--https-port", "-1")
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PARLEY_NO_BUILD", "1");
        builder.environment().put("PARLEY_CHAT_TCP_PORT", "-1");
        // The conference media port: a free one, and on loopback unless inside the media tests' namespace.
        builder.environment().put("PARLEY_MEDIA_PORT", "0");
        builder.environment().put("PARLEY_MEDIA_TCP_PORT", "0");
        if (!"1".equals(System.getenv("PARLEY_NETNS"))) {
            builder.environment().put("PARLEY_MEDIA_HOST", "127.0.0.1");
        }
        builder.environment().putAll(environment);
        Path log = ROOT.resolve("sdk-java-webrtc/target/server-logs/parley-" + port + ".log");
        Files.createDirectories(log.getParent());
        Process process = builder.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    if (line.contains("Parley ready")) ready.countDown();
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "parley-server-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(45, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Parley did not start within 45 s:\n" + String.join("\n", tail(log, 60, line -> true)));
        }
        JsonNode app = new ObjectMapper().readTree(data.resolve("default-app.json").toFile());
        return new ParleyServerProcess(port, data, log, process, app.path("application_id").asLong(), app.path("auth_key").asText());
    }

    /** The last {@code count} lines of the server's output (kept in target/server-logs/) that {@code keep} accepts. */
    List<String> logTail(int count, Predicate<String> keep) {
        return tail(log, count, keep);
    }

    private static List<String> tail(Path log, int count, Predicate<String> keep) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> kept = lines.filter(keep).toList();
            return kept.subList(Math.max(0, kept.size() - count), kept.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(the server's log " + log + " cannot be read: " + e.getMessage() + ")");
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
