package dev.parley.bench.xmpp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XMPP load client (bench/xmpp-bench.sh). Loopback only, bounded in connections (2000) and time (60 s of
 * messaging per run). Commands:
 * <pre>
 *   run           --port P --domain D --accounts FILE --connections N [--rate R --duration S] [--ramp R1,R2,..]
 *   register      --port P --domain D --accounts FILE            (XEP-0077 in-band registration)
 *   accounts      --domain D --count N --out FILE                (writes "jid password" lines)
 *   parley-users  --url http://127.0.0.1:PORT --app-id ID --auth-key KEY --count N --domain D --out FILE
 * </pre>
 * Every option is listed by {@code usage()}.
 */
public final class XmppLoad {

    static final int MAX_CONNECTIONS = 2000;
    static final int MAX_RUN_SECONDS = 60;
    static final int MAX_ACCOUNTS = 5000;

    private final Map<String, String> opts;
    private final String host;
    private final int port;
    private final String domain;
    private final boolean tls;
    private final long pid;

    private final List<Conn> conns = new ArrayList<>();
    private final AtomicReferenceArray<Run> runs = new AtomicReferenceArray<>(64);
    private volatile boolean shuttingDown;
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder streamErrors = new LongAdder();
    private final LongAdder errorStanzas = new LongAdder();
    private final LongAdder pingsAnswered = new LongAdder();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorSampleCount = new AtomicInteger();
    private final Map<String, Object> json = new LinkedHashMap<>();

    private XmppLoad(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.host = opt("host", "127.0.0.1");
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("--host must be a loopback address (this is a load tool): " + host);
        }
        this.port = Integer.parseInt(opt("port", "5222"));
        this.domain = opt("domain", "localhost");
        this.tls = opts.containsKey("tls");
        this.pid = Long.parseLong(opt("pid", "0"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage();
            System.exit(2);
        }
        Map<String, String> opts = parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "run" -> new XmppLoad(opts).run();
            case "register" -> new XmppLoad(opts).register();
            case "accounts" -> writeAccounts(opts);
            case "parley-users" -> parleyUsers(opts);
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar xmpp-load.jar COMMAND [--option value]...
                  run           open N authenticated connections, measure, then send chat messages
                    --host 127.0.0.1 --port 5222 --domain D --accounts FILE ("jid password" lines)
                    --connections N (<= 2000)  --login-concurrency 32  --login-timeout 180 (s, whole phase)
                    --pid PID (server process: VmRSS and CPU from /proc)  --settle 15 (s idle before reading RSS)
                    --rate R (messages/s)  --duration 30 (s, <= 60)  --warmup 5 (s, not measured)
                    --ramp R1,R2,...  --step 10 (s per step; the ramp stops at the first step not sustained)
                    --sustain-p99-ms 500  --senders 8  --drain 10 (s to wait for in-flight messages)
                    --label NAME  --json FILE (appends one JSON line)  --tls (use STARTTLS when offered)
                  register      in-band registration (XEP-0077) of every account in --accounts
                    --host --port --domain --accounts FILE --concurrency 16
                  accounts      --domain D --count N --out FILE [--prefix bench] [--password secret-password]
                  parley-users  create Parley users over REST and write their accounts
                    --url http://127.0.0.1:PORT --app-id ID --auth-key KEY --count N --domain D --out FILE
                    [--concurrency 4] [--password secret-password] [--prefix bench]
                    [--tokens-out FILE] (also a user session per user: "jid token" lines, for token logins)
                """);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                map.put(key, args[++i]);
            } else {
                map.put(key, "true");
            }
        }
        return map;
    }

    private String opt(String key, String fallback) {
        return opts.getOrDefault(key, fallback);
    }

    private static String need(Map<String, String> opts, String key) {
        String value = opts.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    // ------------------------------------------------------------------ accounts

    private static List<Conn.Account> readAccounts(Path file, int limit) throws IOException {
        List<Conn.Account> accounts = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("bad account line (want \"jid password\"): " + line);
            }
            accounts.add(new Conn.Account(parts[0], parts[1]));
            if (accounts.size() == limit) {
                break;
            }
        }
        return accounts;
    }

    private static void writeAccounts(Map<String, String> opts) throws IOException {
        int count = Integer.parseInt(need(opts, "count"));
        if (count > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("--count is at most " + MAX_ACCOUNTS);
        }
        String prefix = opts.getOrDefault("prefix", "bench");
        String password = opts.getOrDefault("password", "secret-password");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(prefix).append(i).append('@').append(need(opts, "domain")).append(' ').append(password).append('\n');
        }
        Files.writeString(Path.of(need(opts, "out")), text);
    }

    /**
     * POST /session (application), then POST /users per account; writes "{userId}-{appId}@domain password", and
     * with --tokens-out also opens a user session per user and writes "{userId}-{appId}@domain token".
     */
    private static void parleyUsers(Map<String, String> opts) throws Exception {
        URI base = URI.create(need(opts, "url"));
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--url must be on loopback: " + base);
        }
        int count = Integer.parseInt(need(opts, "count"));
        if (count > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("--count is at most " + MAX_ACCOUNTS);
        }
        String appId = need(opts, "app-id");
        String prefix = opts.getOrDefault("prefix", "bench");
        String password = opts.getOrDefault("password", "secret-password");
        String domain = need(opts, "domain");
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "4"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(base.resolve("/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"application_id\":" + appId + ",\"auth_key\":\""
                        + need(opts, "auth-key") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(session.body());
        if (session.statusCode() != 201 || !token.find()) {
            throw new IOException("POST /session: " + session.statusCode() + " " + session.body());
        }
        String cbToken = token.group(1);
        String tokensOut = opts.get("tokens-out");
        String[] lines = new String[count];
        String[] tokenLines = new String[count];
        Semaphore gate = new Semaphore(concurrency);
        long start = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                gate.acquire();
                pool.submit(() -> {
                    try {
                        String login = prefix + (n + 1);
                        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/users"))
                                .header("Content-Type", "application/json").header("CB-Token", cbToken)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":{\"login\":\"" + login
                                        + "\",\"password\":\"" + password + "\"}}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
                        if (created.statusCode() != 201 || !id.find()) {
                            throw new IOException("POST /users " + login + ": " + created.statusCode() + " "
                                    + created.body());
                        }
                        String jid = id.group(1) + "-" + appId + "@" + domain;
                        lines[n] = jid + " " + password;
                        if (tokensOut != null) {
                            // A user session: its token is the other secret Parley's chat accepts (SASL PLAIN).
                            HttpResponse<String> user = http.send(HttpRequest.newBuilder(base.resolve("/session"))
                                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"application_id\":" + appId
                                            + ",\"auth_key\":\"" + need(opts, "auth-key") + "\",\"user\":{\"login\":\""
                                            + login + "\",\"password\":\"" + password + "\"}}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            Matcher userToken = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(user.body());
                            if (user.statusCode() != 201 || !userToken.find()) {
                                throw new IOException("POST /session " + login + ": " + user.statusCode() + " "
                                        + user.body());
                            }
                            tokenLines[n] = jid + " " + userToken.group(1);
                        }
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("parley-users: " + e.getMessage());
                        }
                    } finally {
                        gate.release();
                    }
                    return null;
                });
            }
        }
        if (failures.get() > 0) {
            throw new IOException(failures.get() + " users could not be created");
        }
        Files.writeString(Path.of(need(opts, "out")), String.join("\n", lines) + "\n");
        if (tokensOut != null) {
            Files.writeString(Path.of(tokensOut), String.join("\n", tokenLines) + "\n");
        }
        System.out.printf(Locale.ROOT, "parley-users: %d users created in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
    }

    private void register() throws Exception {
        List<Conn.Account> accounts = readAccounts(Path.of(need(opts, "accounts")), MAX_ACCOUNTS);
        int concurrency = Integer.parseInt(opt("concurrency", "16"));
        Semaphore gate = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Conn.Account account : accounts) {
                gate.acquire();
                pool.submit(() -> {
                    try {
                        new Conn(account).register(host, port, domain, 30_000);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("register " + account.jid() + ": " + e.getMessage());
                        }
                    } finally {
                        gate.release();
                    }
                    return null;
                });
            }
        }
        System.out.printf(Locale.ROOT, "register: %d accounts, %d failures, %.1f s%n", accounts.size(),
                failures.get(), (System.nanoTime() - start) / 1e9);
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ run

    private void run() throws Exception {
        int n = Integer.parseInt(need(opts, "connections"));
        if (n < 2 || n > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("--connections must be 2.." + MAX_CONNECTIONS);
        }
        List<Conn.Account> accounts = readAccounts(Path.of(need(opts, "accounts")), n);
        if (accounts.size() < n) {
            throw new IllegalArgumentException("only " + accounts.size() + " accounts for " + n + " connections");
        }
        String label = opt("label", host + ":" + port);
        json.put("label", label);
        json.put("connections_wanted", n);
        System.out.printf("== %s: %d connections to %s:%d (domain %s)%n", label, n, host, port, domain);

        long rss0 = rssKib();
        json.put("rss_before_kib", rss0);
        if (pid > 0) {
            System.out.printf(Locale.ROOT, "server pid %d, RSS before connecting: %.1f MiB%n", pid, rss0 / 1024.0);
        }

        login(accounts);
        int settle = Integer.parseInt(opt("settle", "15"));
        Thread.sleep(settle * 1000L);
        long held = conns.stream().filter(c -> c.alive).count();
        long rss1 = rssKib();
        json.put("connections_held", held);
        json.put("rss_idle_kib", rss1);
        System.out.printf(Locale.ROOT, "connections held after %d s idle: %d of %d%n", settle, held, n);
        if (pid > 0 && held > 0) {
            double perConn = (rss1 - rss0) * 1024.0 / held;
            json.put("bytes_per_idle_connection", Math.round(perConn));
            System.out.printf(Locale.ROOT, "server RSS with %d idle connections: %.1f MiB (+%.1f MiB): %.1f KiB per connection%n",
                    held, rss1 / 1024.0, (rss1 - rss0) / 1024.0, perConn / 1024);
        }

        List<Map<String, Object>> results = new ArrayList<>();
        if (opts.containsKey("rate")) {
            double rate = Double.parseDouble(opts.get("rate"));
            int duration = Math.min(MAX_RUN_SECONDS, Integer.parseInt(opt("duration", "30")));
            int warmup = Math.min(10, Integer.parseInt(opt("warmup", "5")));
            if (warmup > 0) {
                System.out.printf(Locale.ROOT, "warm-up: %.0f msg/s for %d s (not measured)%n", rate, warmup);
                messaging(rate, warmup, false);
            }
            Map<String, Object> fixed = messaging(rate, duration, true);
            json.put("fixed", fixed);
        }
        if (opts.containsKey("ramp")) {
            int step = Integer.parseInt(opt("step", "10"));
            String[] rates = opts.get("ramp").split(",");
            if (step * rates.length > MAX_RUN_SECONDS) {
                throw new IllegalArgumentException("--ramp with --step: at most " + MAX_RUN_SECONDS + " s of messaging");
            }
            double maxSustained = 0;
            for (String r : rates) {
                double rate = Double.parseDouble(r);
                Map<String, Object> result = messaging(rate, step, true);
                results.add(result);
                if (Boolean.TRUE.equals(result.get("sustained"))) {
                    maxSustained = rate;
                } else {
                    System.out.printf(Locale.ROOT, "ramp: %.0f msg/s not sustained; stopping the ramp%n", rate);
                    break;
                }
            }
            json.put("ramp", results);
            json.put("max_sustained_rate", maxSustained);
            System.out.printf(Locale.ROOT, "ramp: highest sustained offered rate %.0f msg/s%n", maxSustained);
        }

        shuttingDown = true;
        long stillHeld = conns.stream().filter(c -> c.alive).count();
        json.put("connections_at_end", stillHeld);
        json.put("disconnects", disconnects.sum());
        json.put("stream_errors", streamErrors.sum());
        json.put("error_stanzas", errorStanzas.sum());
        json.put("pings_answered", pingsAnswered.sum());
        json.put("error_samples", new ArrayList<>(errorSamples));
        System.out.printf("connections still held at the end: %d; server disconnects %d, stream errors %d, "
                        + "error stanzas %d, pings answered %d%n", stillHeld, disconnects.sum(), streamErrors.sum(),
                errorStanzas.sum(), pingsAnswered.sum());
        for (String sample : errorSamples) {
            System.out.println("  error: " + sample);
        }
        // Close politely, but never wait more than 5 s on a server that stopped reading.
        try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
            conns.forEach(c -> closer.submit(c::closeStream));
            closer.shutdown();
            if (!closer.awaitTermination(5, TimeUnit.SECONDS)) {
                conns.forEach(Conn::close);
            }
        }
        if (opts.containsKey("json")) {
            Files.writeString(Path.of(opts.get("json")), toJson(json) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private void login(List<Conn.Account> accounts) throws InterruptedException {
        int concurrency = Integer.parseInt(opt("login-concurrency", "32"));
        int timeout = Integer.parseInt(opt("login-timeout", "180"));
        Semaphore gate = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(accounts.size());
        long[] times = new long[accounts.size()];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
        for (int i = 0; i < accounts.size(); i++) {
            Conn conn = new Conn(accounts.get(i));
            conns.add(conn);
            int index = i;
            Thread.ofVirtual().name("conn-" + i).start(() -> {
                boolean loggedIn = false;
                try {
                    if (!gate.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        throw new IOException("login phase timed out before this connection started");
                    }
                    long t0 = System.nanoTime();
                    try {
                        conn.login(host, port, domain, tls, 60_000);
                        times[index] = System.nanoTime() - t0;
                        ok.incrementAndGet();
                        loggedIn = true;
                    } finally {
                        gate.release();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    sample("login " + conn.account.jid() + ": " + e.getMessage());
                    conn.close();
                } finally {
                    done.countDown();
                }
                if (loggedIn) {
                    readLoop(conn);
                }
            });
        }
        boolean finished = done.await(timeout + 5, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] okTimes = Arrays.stream(times).filter(t -> t > 0).sorted().toArray();
        json.put("logins_ok", ok.get());
        json.put("logins_failed", failed.get());
        json.put("login_phase_s", round(seconds, 2));
        json.put("logins_per_s", round(ok.get() / seconds, 1));
        json.put("login_p50_ms", ms(percentile(okTimes, 50)));
        json.put("login_p99_ms", ms(percentile(okTimes, 99)));
        System.out.printf(Locale.ROOT, "logins: %d ok, %d failed%s in %.2f s (%.1f/s, %d at a time); per login p50 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms%n", ok.get(), failed.get(), finished ? "" : " (phase timed out)",
                seconds, ok.get() / seconds, concurrency, ms(percentile(okTimes, 50)), ms(percentile(okTimes, 99)),
                ms(okTimes.length == 0 ? 0 : okTimes[okTimes.length - 1]));
    }

    /** Reads everything the server sends on one connection until it closes. */
    private void readLoop(Conn conn) {
        StanzaReader reader = conn.reader();
        try {
            while (true) {
                StanzaReader.Piece piece = reader.next();
                if (piece.kind() == StanzaReader.Kind.CLOSE) {
                    throw new IOException("the server closed the stream");
                }
                String xml = piece.xml();
                if (xml.startsWith("<message")) {
                    onMessage(xml);
                } else if (xml.startsWith("<iq")) {
                    onIq(conn, xml);
                } else if (xml.startsWith("<stream:error") || xml.startsWith("<error")) {
                    streamErrors.increment();
                    sample(conn.account.jid() + " stream error: " + Conn.abbreviate(xml));
                }
            }
        } catch (Exception e) {
            if (!shuttingDown && conn.alive) {
                disconnects.increment();
                sample(conn.account.jid() + " disconnected: " + e.getMessage());
            }
            conn.close();
        }
    }

    private void onMessage(String xml) {
        long now = System.nanoTime();
        if ("error".equals(StanzaReader.attribute(xml, "type"))) {
            errorStanzas.increment();
            sample("error message: " + Conn.abbreviate(xml));
            return;
        }
        String body = StanzaReader.childText(xml, "body");
        if (body == null || !body.startsWith("L ")) {
            return;
        }
        String[] parts = body.split(" ");
        if (parts.length != 4) {
            return;
        }
        int runId = Integer.parseInt(parts[1]);
        Run run = runId >= 0 && runId < runs.length() ? runs.get(runId) : null;
        if (run == null) {
            return;
        }
        run.delivered(Integer.parseInt(parts[2]), now - Long.parseLong(parts[3]), now);
    }

    private void onIq(Conn conn, String xml) throws IOException {
        String type = StanzaReader.attribute(xml, "type");
        if (!"get".equals(type) && !"set".equals(type)) {
            return;
        }
        String id = StanzaReader.attribute(xml, "id");
        String from = StanzaReader.attribute(xml, "from");
        String to = from == null ? "" : " to=\"" + from.replace("\"", "&quot;") + "\"";
        String idAttr = " id=\"" + (id == null ? "" : id.replace("\"", "&quot;")) + "\"";
        if (xml.contains("urn:xmpp:ping")) {
            conn.write("<iq type='result'" + idAttr + to + "/>");
            pingsAnswered.increment();
        } else {
            conn.write("<iq type='error'" + idAttr + to + "><error type='cancel'><feature-not-implemented"
                    + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        }
    }

    private void sample(String text) {
        if (errorSampleCount.incrementAndGet() <= 10) {
            errorSamples.add(text);
        }
    }

    // ------------------------------------------------------------------ messaging

    /** Delivery records of one messaging run: message seq is the index into the latency array. */
    static final class Run {
        final int id;
        final AtomicLongArray latency;
        final LongAdder received = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final AtomicLong lastDelivery = new AtomicLong();

        Run(int id, int capacity) {
            this.id = id;
            this.latency = new AtomicLongArray(capacity);
        }

        void delivered(int seq, long nanos, long now) {
            if (seq < 0 || seq >= latency.length()) {
                return;
            }
            if (latency.compareAndSet(seq, 0, Math.max(1, nanos))) {
                received.increment();
                lastDelivery.accumulateAndGet(now, Math::max);
            } else {
                duplicates.increment();
            }
        }
    }

    private final AtomicInteger nextRunId = new AtomicInteger();

    private Map<String, Object> messaging(double rate, int seconds, boolean measured) throws Exception {
        List<Conn> live = conns.stream().filter(c -> c.alive).toList();
        if (live.size() < 2) {
            throw new IOException("fewer than two live connections");
        }
        long total = Math.round(rate * seconds);
        if (total > 5_000_000) {
            throw new IllegalArgumentException("at most 5 000 000 messages in one run");
        }
        if (nextRunId.get() >= runs.length()) {
            throw new IllegalStateException("too many messaging runs in one invocation");
        }
        Run run = new Run(nextRunId.getAndIncrement(), (int) total);
        runs.set(run.id, run);
        int senders = Integer.parseInt(opt("senders", "8"));
        double p99Limit = Double.parseDouble(opt("sustain-p99-ms", "500"));
        LongAdder sent = new LongAdder();
        LongAdder sendErrors = new LongAdder();
        AtomicLong maxLag = new AtomicLong();
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long giveUp = end + TimeUnit.SECONDS.toNanos(5);
        long[] cpu0 = serverCpuTicks();
        long clientCpu0 = clientCpuNanos();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (int t = 0; t < senders; t++) {
                int first = t;
                pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (long i = first; i < total; i += senders) {
                        long due = start + (long) (i * intervalNanos);
                        long now = System.nanoTime();
                        while (now < due) {
                            LockSupport.parkNanos(due - now);
                            now = System.nanoTime();
                        }
                        if (now > giveUp) {
                            break; // could not keep up (client or server backpressure): the rest are not sent
                        }
                        long lag = now - due;
                        if (lag > maxLag.get()) {
                            maxLag.accumulateAndGet(lag, Math::max);
                        }
                        int a = random.nextInt(live.size());
                        int b = random.nextInt(live.size() - 1);
                        if (b >= a) {
                            b++;
                        }
                        Conn from = live.get(a);
                        Conn to = live.get(b);
                        try {
                            from.write("<message type='chat' to='" + to.bareJid + "' id='m" + run.id + "-" + i
                                    + "'><body>L " + run.id + " " + i + " " + System.nanoTime() + "</body></message>");
                            sent.increment();
                        } catch (IOException e) {
                            sendErrors.increment();
                        }
                    }
                    return null;
                });
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(seconds + 20, TimeUnit.SECONDS)) {
            // A write blocked for good (the server stopped reading): end the benchmark rather than wait.
            sample("senders still blocked in writes " + (seconds + 20) + " s after the run started; closing all connections");
            conns.forEach(Conn::close);
            pool.shutdownNow();
        }
        long sendEnd = System.nanoTime();
        long drainUntil = sendEnd + TimeUnit.SECONDS.toNanos(Integer.parseInt(opt("drain", "10")));
        while (run.received.sum() < sent.sum() && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        long[] cpu1 = serverCpuTicks();
        long clientCpu1 = clientCpuNanos();
        runs.set(run.id, null);
        if (!measured) {
            return Map.of();
        }
        long[] lat = new long[(int) run.received.sum()];
        int k = 0;
        for (int i = 0; i < run.latency.length() && k < lat.length; i++) {
            long v = run.latency.get(i);
            if (v > 0) {
                lat[k++] = v;
            }
        }
        lat = Arrays.copyOf(lat, k);
        Arrays.sort(lat);
        long received = k;
        long sentCount = sent.sum();
        long lost = sentCount - received;
        double sendSeconds = (sendEnd - start) / 1e9;
        long last = run.lastDelivery.get();
        double deliverySeconds = last > start ? (last - start) / 1e9 : sendSeconds;
        double offeredAchieved = sentCount / sendSeconds;
        double deliveredRate = received / Math.max(deliverySeconds, seconds);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target_rate", rate);
        r.put("seconds", seconds);
        r.put("sent", sentCount);
        r.put("not_sent", total - sentCount - sendErrors.sum());
        r.put("send_errors", sendErrors.sum());
        r.put("offered_rate", round(offeredAchieved, 1));
        r.put("received", received);
        r.put("lost", lost);
        r.put("duplicates", run.duplicates.sum());
        r.put("delivered_rate", round(deliveredRate, 1));
        r.put("p50_ms", ms(percentile(lat, 50)));
        r.put("p99_ms", ms(percentile(lat, 99)));
        r.put("max_ms", ms(lat.length == 0 ? 0 : lat[lat.length - 1]));
        r.put("max_send_lag_ms", ms(maxLag.get()));
        if (cpu0 != null && cpu1 != null) {
            r.put("server_cpu_pct", round((cpu1[0] - cpu0[0]) * 100.0 / cpu1[1] / wallSeconds, 1));
        }
        r.put("client_cpu_pct", round((clientCpu1 - clientCpu0) / 1e7 / wallSeconds, 1));
        boolean sustained = sentCount >= 0.99 * total && lost == 0 && sendErrors.sum() == 0
                && deliveredRate >= 0.97 * rate && ms(percentile(lat, 99)) <= p99Limit;
        r.put("sustained", sustained);
        System.out.printf(Locale.ROOT, "messaging %.0f msg/s for %d s: sent %d (%.1f/s), delivered %d (%.1f/s), lost %d, "
                        + "dup %d, send errors %d; latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; sender lag max %.1f ms; "
                        + "server CPU %s%%, client CPU %s%% (100%% = one core)%s%n", rate, seconds, sentCount, offeredAchieved, received,
                deliveredRate, lost, run.duplicates.sum(), sendErrors.sum(), ms(percentile(lat, 50)),
                ms(percentile(lat, 99)), ms(lat.length == 0 ? 0 : lat[lat.length - 1]), ms(maxLag.get()),
                r.getOrDefault("server_cpu_pct", "?"), r.get("client_cpu_pct"), sustained ? "" : "  [NOT sustained]");
        return r;
    }

    // ------------------------------------------------------------------ /proc

    private long rssKib() throws IOException {
        if (pid <= 0) {
            return 0;
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /** utime+stime of the server in clock ticks, and ticks per second (assumed 100, USER_HZ on Linux). */
    private long[] serverCpuTicks() {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), 100};
        } catch (IOException e) {
            return null;
        }
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ------------------------------------------------------------------ small things

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6, 2);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (s.length() > 1) {
                    s.append(',');
                }
                s.append(toJson(String.valueOf(e.getKey()))).append(':').append(toJson(e.getValue()));
            }
            return s.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (Object o : list) {
                if (s.length() > 1) {
                    s.append(',');
                }
                s.append(toJson(o));
            }
            return s.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        StringBuilder s = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
