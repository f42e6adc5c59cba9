package dev.parley.bench.sfu;

import dev.parley.media.dtls.DtlsCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SFU load tool (bench/sfu-load.sh starts it inside scripts/netns-run, once per server, with the server already
 * running): synthetic Janus-API participants in one JVM, a pacer thread sending and one I/O thread receiving for all.
 *
 * <ul>
 *   <li>{@code fanout}: one publisher, subscribers added in steps (e.g. 10, 25, 50...); at each step the loss,
 *       jitter and added latency the subscribers see over the window, and the server's CPU; stops after the first
 *       step above 0.5 % loss, delivering less than 99.5 % of what it should, or with a median added latency over
 *       500 ms (the answer is the step before).</li>
 *   <li>{@code mesh}: rooms of the given sizes where everyone publishes and subscribes to all the others.</li>
 * </ul>
 *
 * Prints one Markdown table row per measurement on stdout (and progress on stderr).
 *
 * <pre>
 * java -jar sfu-load.jar --server NAME --ws ws://.../janus --pid PID [--parley BASE --app-id ID --auth-key KEY]
 *      --media DIR --address 198.18.0.2 --mode fanout|mesh [--steps 10,25,50] [--sizes 6,12] [--window 15]
 *      [--warmup 5] [--simulcast true|false] [--jfr true|false] [--max-loss 0.5]
 * </pre>
 */
public final class SfuLoad {

    private static final long ROOM = 1234;
    /** Subscribers set up at once in fanout mode (Parley computes up to 16 DTLS handshakes at once by default). */
    private static final int JOINING = 8;
    private static final AtomicLong IDS = new AtomicLong(1000);
    private static final com.sun.management.OperatingSystemMXBean OWN_CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI ws;
    private final ParleyUsers users;
    private final IoLoop loop;
    private final Pacer pacer;
    private final ServerProbe probe;
    private final DtlsCertificate identity = DtlsCertificate.generate();
    private final InetSocketAddress address;
    private final List<Participant> everyone = new ArrayList<>();
    private final String server;
    private final int window;
    private final int warmup;
    private final boolean simulcast;

    private SfuLoad(Map<String, String> options) throws IOException {
        this.options = options;
        this.server = option("server");
        this.ws = URI.create(option("ws"));
        this.users = options.containsKey("parley")
                ? new ParleyUsers(http, URI.create(option("parley")), option("app-id"), option("auth-key")) : null;
        Path media = Path.of(option("media"));
        RecordedMedia recorded = RecordedMedia.load(List.of(media.resolve("h.ivf"), media.resolve("m.ivf"), media.resolve("l.ivf")),
                media.resolve("audio.opus"));
        this.loop = new IoLoop();
        this.pacer = new Pacer(recorded);
        this.probe = new ServerProbe(Long.parseLong(option("pid")), Boolean.parseBoolean(options.getOrDefault("jfr", "false")));
        this.address = new InetSocketAddress(option("address"), 0);
        this.window = Integer.parseInt(options.getOrDefault("window", "15"));
        this.warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        this.simulcast = Boolean.parseBoolean(options.getOrDefault("simulcast", "true"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        SfuLoad load = new SfuLoad(options);
        ScheduledExecutorService keepalives = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        keepalives.scheduleAtFixedRate(load::keepalive, 20, 20, TimeUnit.SECONDS);
        try {
            switch (load.option("mode")) {
                case "fanout" -> load.fanout();
                case "mesh" -> load.mesh();
                default -> throw new IllegalArgumentException("--mode is fanout or mesh");
            }
        } finally {
            keepalives.shutdownNow();
            load.closeAll();
        }
        System.exit(0);
    }

    private String option(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is missing");
        }
        return value;
    }

    private synchronized void keepalive() {
        for (Participant participant : everyone) {
            participant.keepalive();
        }
    }

    private Participant participant(String label) throws IOException {
        Participant participant = new Participant(http, ws, users == null ? null : users.next(), loop, identity, address, label);
        synchronized (this) {
            everyone.add(participant);
        }
        return participant;
    }

    /** A median added latency above this (ms) is a server that falls behind: the fan-out stepping stops. */
    private static final double MAX_LATE_MILLIS = 500;

    private void fanout() throws Exception {
        double maxLoss = Double.parseDouble(options.getOrDefault("max-loss", "0.5"));
        Participant publisher = participant("publisher");
        long feed = IDS.incrementAndGet();
        publisher.publish(ROOM, feed, pacer, simulcast);
        List<Participant> subscribers = new ArrayList<>();
        for (String step : option("steps").split(",")) {
            int n = Integer.parseInt(step.trim());
            subscribers.addAll(joinConcurrently(subscribers.size(), n, label -> {
                Participant subscriber = participant(label);
                subscriber.subscribe(ROOM, List.of(feed));
                return subscriber;
            }));
            Result result = measure(List.of(publisher), subscribers, n, n);
            row("1 → " + n + (publisher.simulcast ? " (simulcast)" : ""), result);
            // Packets still queued in the server at the window's end are not gaps yet, but a server that falls behind
            // has lost them as far as a call is concerned; so has one whose backlog makes them half a second late
            // (a backlog drained in the window even counts as more than 100 % delivered): any of these stops the
            // stepping.
            double delivered = 100.0 * result.forwarded / result.toForward;
            if (result.lossPercent > maxLoss || delivered < 100 - maxLoss || result.p50 > MAX_LATE_MILLIS) {
                break;
            }
        }
    }

    /** A participant's setup: signalling, ICE and DTLS. */
    private interface Join {
        Participant join(String label) throws IOException;
    }

    /** Subscribers {@code from + 1} to {@code to}, {@link #JOINING} at a time (as many clients joining at once). */
    private List<Participant> joinConcurrently(int from, int to, Join join) throws Exception {
        List<java.util.concurrent.Future<Participant>> joining = new ArrayList<>();
        try (var executor = Executors.newFixedThreadPool(JOINING, Thread.ofVirtual().factory())) {
            for (int i = from; i < to; i++) {
                String label = "subscriber " + (i + 1);
                joining.add(executor.submit(() -> join.join(label)));
            }
        }
        List<Participant> joined = new ArrayList<>();
        for (var future : joining) {
            joined.add(future.get());
        }
        return joined;
    }

    private void mesh() throws Exception {
        for (String size : option("sizes").split(",")) {
            int n = Integer.parseInt(size.trim());
            List<Participant> room = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Participant member = participant("member " + (i + 1));
                long id = IDS.incrementAndGet();
                member.publish(ROOM, id, pacer, simulcast);
                room.add(member);
                ids.add(id);
            }
            for (int i = 0; i < n; i++) {
                long own = ids.get(i);
                room.get(i).subscribe(ROOM, ids.stream().filter(id -> id != own).toList());
            }
            Result result = measure(room, room, n * (n - 1), n - 1);
            row("room of " + n + (room.getFirst().simulcast ? " (simulcast)" : ""), result);
            for (Participant member : room) {
                pacer.unpublish(member.publisher());
                member.close();
                synchronized (this) {
                    everyone.remove(member);
                }
            }
            Thread.sleep(3000);
        }
    }

    /** What one window measured. */
    record Result(double wall, double cpu, double ownCpu, long forwarded, long expected, double lossPercent, double jitterMs, double p50, double p99,
                  int flowing, int offered, long sendDrops, long toForward, ServerProbe.Allocation allocation, int videoStreams) {
    }

    /**
     * Measures over the window: {@code videoStreams} forwarded video streams (each with its audio), every packet a
     * publisher sends going to {@code receivers} subscribers.
     */
    private Result measure(List<Participant> publishers, List<Participant> subscribers, int videoStreams, int receivers) throws Exception {
        Thread.sleep(warmup * 1000L);
        List<Transport> inbound = subscribers.stream().map(Participant::subscriber).toList();
        loop.call(() -> {
            for (Transport t : inbound) {
                t.streams().values().forEach(InboundStream::mark);
            }
            loop.latency.reset();
            return null;
        }).get();
        long sent0 = publishers.stream().mapToLong(p -> p.publisher().sent()).sum();
        long drops0 = publishers.stream().mapToLong(p -> p.publisher().sendDrops()).sum()
                + inbound.stream().mapToLong(Transport::sendDrops).sum();
        double cpu0 = probe.cpuSeconds();
        long own0 = OWN_CPU.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(window * 1000L);
        double cpu = probe.cpuSeconds() - cpu0;
        double ownCpu = (OWN_CPU.getProcessCpuTime() - own0) / 1e9;
        double wall = (System.nanoTime() - t0) / 1e9;
        long sent = publishers.stream().mapToLong(p -> p.publisher().sent()).sum() - sent0;
        long drops = publishers.stream().mapToLong(p -> p.publisher().sendDrops()).sum()
                + inbound.stream().mapToLong(Transport::sendDrops).sum() - drops0;
        int offered = subscribers.stream().mapToInt(Participant::offeredStreams).sum();
        double[] collected = loop.call(() -> {
            long expected = 0;
            long received = 0;
            long undecryptable = 0;
            double jitter = 0;
            int flowing = 0;
            for (Transport t : inbound) {
                if (Participant.DEBUG) {
                    t.streams().forEach((ssrc, stream) -> System.err.printf("ssrc %d: %d of %d, jitter %.2f ms, %d resent%n",
                            ssrc, stream.receivedInWindow(), stream.expectedInWindow(), stream.jitterMillis(), stream.resent()));
                }
                undecryptable += t.undecryptable();
                for (InboundStream stream : t.streams().values()) {
                    expected += stream.expectedInWindow();
                    received += stream.receivedInWindow();
                    if (stream.receivedInWindow() > 0) {
                        flowing++;
                        jitter += stream.jitterMillis();
                    }
                }
            }
            if (undecryptable > 0) {
                System.err.println("sfu-load: " + undecryptable + " RTP packets failed SRTP so far (not counted as received)");
            }
            return new double[] {expected, received, flowing == 0 ? Double.NaN : jitter / flowing, flowing,
                loop.latency.percentileMillis(50), loop.latency.percentileMillis(99)};
        }).get();
        // The allocation is recorded in a window of its own after this one, at the same load: JFR's own cost stays
        // out of the CPU and latency figures above.
        probe.startRecording();
        Thread.sleep(Math.min(window, 10) * 1000L);
        ServerProbe.Allocation allocation = probe.stopRecording();
        long expected = (long) collected[0];
        long received = (long) collected[1];
        // Streams offered but silent count as lost in full: their expected packets are unknown, so they show in flowing/offered.
        double loss = expected == 0 ? 100 : 100.0 * Math.max(0, expected - received) / expected;
        return new Result(wall, cpu, ownCpu, received, expected, loss, collected[2], collected[4], collected[5], (int) collected[3], offered,
                drops, sent * receivers, allocation, videoStreams);
    }

    private void row(String what, Result r) {
        double core = r.cpu / r.wall;
        String allocation = r.allocation == null ? "–" : String.format(Locale.ROOT, "%.1f KiB/s, %.1f B per forwarded packet (%s); %d GCs, longest pause %.1f ms",
                r.allocation.bytesPerSecond() / 1024, r.allocation.bytesPerSecond() / (r.forwarded / r.wall), r.allocation.topClasses(),
                r.allocation.collections(), r.allocation.longestPause().toNanos() / 1e6);
        String line = String.format(Locale.ROOT,
                "| %s | %s | %d/%d | %.0f (%.1f %%) | %.2f %% | %.2f ms | %.2f ms | %.2f ms | %.1f %% | %.3f %% | %.0f | %.0f %% | %d | %s |",
                server, what, r.flowing, r.offered, r.forwarded / r.wall, 100.0 * r.forwarded / r.toForward, r.lossPercent, r.jitterMs, r.p50, r.p99,
                core * 100, core * 100 / r.videoStreams, r.forwarded / r.cpu, r.ownCpu / r.wall * 100, r.sendDrops, allocation);
        System.out.println(line);
        System.out.flush();
        System.err.println(line);
    }

    private void closeAll() throws IOException {
        synchronized (this) {
            for (Participant participant : everyone) {
                participant.close();
            }
        }
        pacer.close();
        loop.close();
    }
}
