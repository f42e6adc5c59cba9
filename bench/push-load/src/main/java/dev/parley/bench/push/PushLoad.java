package dev.parley.bench.push;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import dev.parley.push.testing.FakeFcm;
import dev.parley.push.testing.FakePushService;
import dev.parley.push.testing.TestCredentials;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Push delivery benchmark (docs/benchmarks.md, "Push"). Starts the local fake providers, then a real Parley server
 * (the built jar through {@code ./parley run}, on free 127.0.0.1 ports, Web Push to private addresses allowed, FCM
 * pointed at the fake, the push rate limit lifted), makes users with a Web Push or an FCM subscription each, and
 * for each channel measures:
 * <ul>
 *   <li>latency at a steady rate: events sent open-loop at {@code --rate}/s, each to one user; the time from the
 *   start of {@code POST /events} to the fake provider accepting the push (the fake verifies the VAPID token and
 *   decrypts the payload, or verifies the OAuth token, as the real provider would);</li>
 *   <li>throughput: {@code --events} events with {@code --concurrency} requests in flight: events accepted per
 *   second (201 answers) and pushes delivered per second (last arrival);</li>
 *   <li>fan-out: events each addressed to every user of the channel: pushes delivered per second.</li>
 * </ul>
 * Every event carries a sequence number in its message, which the push's data carries back, so each arrival is
 * matched to its request. Bounded: a fixed number of events, every wait timed out.
 */
public final class PushLoad {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, Long> userIds = new ConcurrentHashMap<>();
    private String base;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--repo", ".", "--users", "100", "--rate", "50",
                "--seconds", "10", "--events", "3000", "--concurrency", "16", "--fanout-events", "30"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        new PushLoad().run(Path.of(options.get("--repo")), Integer.parseInt(options.get("--users")),
                Integer.parseInt(options.get("--rate")), Integer.parseInt(options.get("--seconds")),
                Integer.parseInt(options.get("--events")), Integer.parseInt(options.get("--concurrency")),
                Integer.parseInt(options.get("--fanout-events")));
    }

    private void run(Path repo, int users, int rate, int seconds, int events, int concurrency, int fanoutEvents)
            throws Exception {
        TestCredentials.ServiceAccountKey account = TestCredentials.serviceAccount("parley-bench",
                "https://oauth2.googleapis.com/token");
        Path data = Files.createTempDirectory("parley-push-bench-");
        try (FakePushService web = new FakePushService(); FakeFcm fcm = new FakeFcm(account)) {
            web.onReceived(received -> arrived(String.valueOf(received.data().get("seq"))));
            fcm.onReceived(received -> arrived(received.data().get("seq")));
            Path accountFile = data.resolve("service-account.json");
            Files.writeString(accountFile, account.json());
            int port = freePort();
            List<String> env = List.of("PARLEY_NO_BUILD=1", "PARLEY_PUSH_ALLOW_PRIVATE_ENDPOINTS=true",
                    "PARLEY_PUSH_FCM_ENDPOINT=" + fcm.origin(), "PARLEY_PUSH_FCM_TOKEN_URI=" + fcm.tokenUri(),
                    "PARLEY_RATE_LIMIT_PUSH_BURST=1000000000", "PARLEY_RATE_LIMIT_PUSH_PER_SECOND=1000000000",
                    "PARLEY_RATE_LIMIT_AUTH_BURST=1000000000", "PARLEY_RATE_LIMIT_AUTH_PER_SECOND=1000000000");
            List<String> command = List.of("./parley", "run", "--data", data.toString(), "--port", String.valueOf(port),
                    "--https-port", "-1", "--xmpp-port", "-1", "--media-port", "0");
            // First start makes the database and the default application; the operator CLI sets the FCM account
            // while the server is down (H2's file is single-process), then the server starts for the measurement.
            stop(start(repo, command, env, data.resolve("first-start.log")));
            exec(repo, List.of("./parley", "app", "push", "fcm", "--data", data.toString(), "--app", "1",
                    "--service-account", accountFile.toString()), env);
            Process server = start(repo, command, env, data.resolve("server.log"));
            try {
                base = "http://127.0.0.1:" + port;
                measure(data, web, users, rate, seconds, events, concurrency, fanoutEvents);
            } catch (Exception e) {
                System.err.println("fakes: web received " + web.received().size() + ", refused " + web.refusals()
                        + "; fcm received " + fcm.received().size() + ", refused " + fcm.refusals());
                List<String> log = Files.readAllLines(data.resolve("server.log"));
                System.err.println("server log, last lines:\n" + String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size())));
                throw e;
            } finally {
                stop(server);
            }
            if (!web.refusals().isEmpty() || !fcm.refusals().isEmpty()) {
                throw new IllegalStateException("the fakes refused pushes: " + web.refusals() + " " + fcm.refusals());
            }
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void measure(Path data, FakePushService web, int users, int rate, int seconds, int events, int concurrency,
                         int fanoutEvents) throws Exception {
        Map<String, Object> app = Json.MAPPER.readValue(data.resolve("default-app.json").toFile(), new TypeReference<>() {
        });
        String appToken = (String) object(post("/session", Map.of("application_id", app.get("application_id"),
                "auth_key", app.get("auth_key")), null), "session").get("token");
        String sender = login(app, appToken, "sender");
        // A browser subscribes with the application's VAPID public key, which the server makes on first request.
        HttpResponse<String> vapid = http.send(HttpRequest.newBuilder(URI.create(base + "/push/vapid_public_key"))
                .header("CB-Token", sender).build(), HttpResponse.BodyHandlers.ofString());
        if (vapid.statusCode() != 200) {
            throw new IllegalStateException("GET /push/vapid_public_key answered " + vapid.statusCode());
        }
        List<Long> webUsers = new ArrayList<>();
        List<Long> fcmUsers = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            FakePushService.Subscription browser = web.subscribe();
            webUsers.add(subscribe(app, appToken, "web-" + i, Map.of("notification_channel", "web", "push_token",
                    Map.of("web_endpoint", browser.endpoint(), "web_auth", browser.auth(), "web_p256dh", browser.p256dh()),
                    "device", Map.of("platform", "web", "udid", "browser-" + i))));
            fcmUsers.add(subscribe(app, appToken, "fcm-" + i, Map.of("notification_channel", "gcm", "push_token",
                    Map.of("client_identification_sequence", "fcm-token-" + i),
                    "device", Map.of("platform", "android", "udid", "android-" + i))));
        }
        System.out.printf("%d users with a Web Push subscription, %d with an FCM one%n", users, users);
        System.out.println("| channel | measure | result |");
        System.out.println("|---|---|---|");
        for (var channel : List.of(Map.entry("web", webUsers), Map.entry("fcm", fcmUsers))) {
            String name = channel.getKey();
            List<Long> ids = channel.getValue();
            // Warm-up: the first sends open connections and (FCM) fetch the OAuth token.
            Batch warm = closedLoop(sender, ids, 200, concurrency, 1);
            warm.await();

            Batch steady = openLoop(sender, ids, rate, seconds);
            steady.await();
            System.out.printf("| %s | latency at %d events/s for %d s (%d events) | median %.1f ms, p99 %.1f ms, max %.1f ms |%n",
                    name, rate, seconds, steady.count(), steady.latencyMs(0.5), steady.latencyMs(0.99), steady.latencyMs(1.0));

            Batch burst = closedLoop(sender, ids, events, concurrency, 1);
            burst.await();
            System.out.printf("| %s | %d events, %d in flight | %.0f events/s accepted, %.0f pushes/s delivered; latency median %.0f ms, p99 %.0f ms |%n",
                    name, events, concurrency, burst.acceptedPerSecond(), burst.deliveredPerSecond(), burst.latencyMs(0.5),
                    burst.latencyMs(0.99));

            Batch fanout = closedLoop(sender, ids, fanoutEvents, 1, ids.size());
            fanout.await();
            System.out.printf("| %s | fan-out: %d events to %d users each | %.0f pushes/s delivered; last push %.0f ms after its event |%n",
                    name, fanoutEvents, ids.size(), fanout.deliveredPerSecond(), fanout.latencyMs(1.0));
        }
    }

    /** Requests sent and the sequence numbers their pushes carry; recipients per event. */
    private final class Batch {
        final List<String> sequences = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<CompletableFuture<Void>> requests = java.util.Collections.synchronizedList(new ArrayList<>());
        final int perEvent;
        final long start = System.nanoTime();
        final java.util.concurrent.atomic.AtomicLong lastAnswer = new java.util.concurrent.atomic.AtomicLong();

        Batch(int perEvent) {
            this.perEvent = perEvent;
        }

        int count() {
            return requests.size();
        }

        void await() throws Exception {
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sequences.stream().anyMatch(seq -> arrivals(seq) < perEvent)) {
                if (System.nanoTime() > deadline) {
                    long missing = sequences.stream().filter(seq -> arrivals(seq) < perEvent).count();
                    throw new IllegalStateException(missing + " events not delivered within " + WAIT);
                }
                Thread.sleep(20);
            }
        }

        /** Arrival times per recipient are kept under "seq/recipient"; a single recipient under "seq". */
        long arrivals(String seq) {
            return perEvent == 1 ? (arrivedAt.containsKey(seq) ? 1 : 0) : fanoutArrivals.getOrDefault(seq, new AtomicInteger()).get();
        }

        double latencyMs(double quantile) {
            long[] latencies = sequences.stream().mapToLong(seq -> arrivedAt.get(seq) - sentAt.get(seq)).sorted().toArray();
            int index = (int) Math.min(latencies.length - 1, Math.ceil(quantile * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1e6;
        }

        double acceptedPerSecond() {
            return count() / ((lastAnswer.get() - start) / 1e9);
        }

        double deliveredPerSecond() {
            long last = sequences.stream().mapToLong(arrivedAt::get).max().orElseThrow();
            return (double) count() * perEvent / ((last - start) / 1e9);
        }
    }

    /** Pushes arrived per fan-out event (its last arrival is in arrivedAt). */
    private final Map<String, AtomicInteger> fanoutArrivals = new ConcurrentHashMap<>();

    private void arrived(String seq) {
        long now = System.nanoTime();
        fanoutArrivals.computeIfAbsent(seq, s -> new AtomicInteger()).incrementAndGet();
        arrivedAt.merge(seq, now, Math::max);
    }

    /** {@code count} events, at most {@code inFlight} waiting for an answer, each to {@code perEvent} users. */
    private Batch closedLoop(String sender, List<Long> users, int count, int inFlight, int perEvent) throws InterruptedException {
        Batch batch = new Batch(perEvent);
        Semaphore slots = new Semaphore(inFlight);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            send(batch, sender, recipients(users, i, perEvent), slots::release);
        }
        return batch;
    }

    /** Events at a steady {@code rate} per second for {@code seconds}, each to one user, not waiting for answers. */
    private Batch openLoop(String sender, List<Long> users, int rate, int seconds) throws InterruptedException {
        Batch batch = new Batch(1);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send(batch, sender, recipients(users, i, 1), () -> {
            });
            next += interval;
        }
        return batch;
    }

    private static String recipients(List<Long> users, int i, int perEvent) {
        if (perEvent == users.size()) {
            return users.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(users.get(i % users.size()));
    }

    private void send(Batch batch, String sender, String userIds, Runnable done) {
        String seq = String.valueOf(sequence.incrementAndGet());
        String message = Base64.getEncoder().encodeToString(Json.write(Map.of("message", "bench", "seq", seq))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = json("/events", Map.of("event", Map.of("notification_type", "push", "message", message,
                "user", Map.of("ids", userIds))), sender);
        batch.sequences.add(seq);
        sentAt.put(seq, System.nanoTime());
        batch.requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
            batch.lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
            done.run();
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /events answered " + response.statusCode() + ": " + response.body());
            }
        }));
    }

    private long subscribe(Map<String, Object> app, String appToken, String login, Map<String, Object> subscription)
            throws IOException, InterruptedException {
        String token = login(app, appToken, login);
        post("/subscriptions", subscription, token);
        return userIds.get(login);
    }

    private String login(Map<String, Object> app, String appToken, String login) throws IOException, InterruptedException {
        Map<String, Object> user = object(post("/users", Map.of("user", Map.of("login", login, "password",
                "bench-password")), appToken), "user");
        userIds.put(login, ((Number) user.get("id")).longValue());
        return (String) object(post("/session", Map.of("application_id", app.get("application_id"), "auth_key",
                app.get("auth_key"), "user", Map.of("login", login, "password", "bench-password")), null), "session").get("token");
    }

    private HttpRequest json(String path, Map<String, Object> body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) {
            request.header("CB-Token", token);
        }
        return request.build();
    }

    /** The answer's JSON (an object, or a list for POST /subscriptions); anything but 2xx is an error. */
    private Object post(String path, Map<String, Object> body, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(json(path, body, token), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readValue(response.body(), Object.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json, String key) {
        return (Map<String, Object>) ((Map<String, Object>) json).get(key);
    }

    private static Process start(Path repo, List<String> command, List<String> env, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        env.forEach(pair -> builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("Parley ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not start; its log:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return process;
    }

    /** Stops the launcher and the JVM it started (SIGTERM: the server shuts down cleanly), then waits for both. */
    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static void exec(Path repo, List<String> command, List<String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        env.forEach(pair -> builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
