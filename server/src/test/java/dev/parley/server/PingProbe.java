package dev.parley.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A bystander while a test attacks the server: a logged-in client of its own that pings the server (XEP-0199)
 * back to back in the background and records each round trip, so that a test shows in its log what the attack
 * did to everyone else. Tests assert that every ping was answered (nothing stalled for good), and print the
 * percentiles rather than assert them: wall-clock figures depend on the machine.
 */
final class PingProbe implements AutoCloseable {

    /** Round trips in milliseconds. */
    record Stats(int count, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pings, p50 %.1f ms, p99 %.1f ms, max %.1f ms", count, p50, p99, max);
        }
    }

    private final RawXmpp client;
    private final List<Double> roundTrips = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private PingProbe(RawXmpp client) {
        this.client = client;
        this.thread = Thread.ofPlatform().name("ping-probe").daemon().start(this::run);
    }

    /** Starts pinging as {@code user}, who must be free to log in. */
    static PingProbe start(TestServer server, XmppFixture.User user) throws Exception {
        return new PingProbe(RawXmpp.loggedIn(server, user));
    }

    private void run() {
        try {
            for (long n = 0; running; n++) {
                long started = System.nanoTime();
                client.send("<iq xmlns='jabber:client' type='get' id='probe" + n + "'><ping xmlns='urn:xmpp:ping'/></iq>");
                client.expect("id=\"probe" + n + "\"");
                roundTrips.add((System.nanoTime() - started) / 1e6);
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Stops, fails if a ping went unanswered (for 10 s) or the connection dropped, and returns the figures. */
    Stats stop(String during) throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
        if (failure != null) {
            throw new AssertionError("a bystander's ping went unanswered during " + during, failure);
        }
        List<Double> sorted;
        synchronized (roundTrips) {
            sorted = new ArrayList<>(roundTrips);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new AssertionError("the bystander made no ping during " + during);
        }
        Stats stats = new Stats(sorted.size(), at(sorted, 0.50), at(sorted, 0.99), sorted.getLast());
        System.out.println("Bystander during " + during + ": " + stats);
        return stats;
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    @Override
    public void close() {
        running = false;
        client.close();
    }
}
