package dev.parley.server;

import dev.parley.common.time.Eventually;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn ({@code turnserver}) run for a test, in the foreground as a child process, on 127.0.0.1 and a free
 * port, with a configuration {@link CoturnConfig} made; its configuration, log, pid file and user database stay in
 * {@code dir}. {@link #close} kills it.
 */
final class Coturn implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(15);
    static final int RELAY_PORTS = 40;

    private final Process process;
    private final InetSocketAddress address;
    private final Path dir;

    private Coturn(Process process, InetSocketAddress address, Path dir) {
        this.process = process;
        this.address = address;
        this.dir = dir;
    }

    /**
     * A port on 127.0.0.1 free for both UDP and TCP (coturn listens on both, and retries a busy one for ever), taken
     * below the kernel's ephemeral range: a port the kernel hands out for {@code bind(0)} or an outgoing connection
     * could be taken by another test between this check and coturn's bind, which left coturn silent in a CI run.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in 20000-31999 on 127.0.0.1");
    }

    private static boolean free(int port) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (DatagramSocket udp = new DatagramSocket(address); ServerSocket tcp = new ServerSocket()) {
            tcp.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A relay port range somewhere in 50000-59999 (coturn skips ports it finds busy). */
    static String relayPorts() {
        int first = 50_000 + ThreadLocalRandom.current().nextInt(9_900);
        return first + "-" + (first + RELAY_PORTS - 1);
    }

    /** Starts coturn with {@code config} (which must log to a file) and waits until it answers on {@code port}. */
    static Coturn start(CoturnConfig config, int port, Path dir) throws IOException {
        Path file = dir.resolve("turnserver.conf");
        Files.writeString(file, config.render());
        ProcessBuilder builder = new ProcessBuilder(List.of("turnserver", "-c", file.toString(), "--userdb",
                dir.resolve("turndb").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start turnserver (Debian's coturn package; .ci/run installs it: "
                    + "apt-get install coturn): " + e.getMessage(), e);
        }
        Coturn coturn = new Coturn(process, new InetSocketAddress("127.0.0.1", port), dir);
        try (TurnClient probe = new TurnClient(coturn.address, Duration.ofMillis(200))) {
            Eventually.await("coturn answers on " + coturn.address + " (log: " + dir + ")", START,
                    () -> probe.answers() || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited with " + process.exitValue() + ": " + coturn.log());
            }
        } catch (AssertionError e) {
            coturn.close();
            throw new AssertionError(e.getMessage() + "; coturn log ends:\n" + tail(coturn.log(), 20), e);
        } catch (RuntimeException | IOException e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    InetSocketAddress address() {
        return address;
    }

    /** What coturn logged, for failure messages. */
    String log() {
        try {
            Path log = dir.resolve("turn.log");
            return Files.exists(log) ? Files.readString(log) : Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
