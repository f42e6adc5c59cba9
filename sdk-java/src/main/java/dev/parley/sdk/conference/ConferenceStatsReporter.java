package dev.parley.sdk.conference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.call.Scheduler;
import dev.parley.sdk.call.SessionStats;
import dev.parley.sdk.media.PeerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference session's stats: on demand, and every interval one {@link RTCStatsReport} per received publisher to
 * the stats listeners (each user's mic level and video bitrate, as ConnectyCube's stats manager gives them). Rates
 * are over the time since that user's previous sample. SDK thread only.
 */
final class ConferenceStatsReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ConferenceStatsReporter.class);
    /** How often stats listeners hear when the client's stats interval is 0. */
    static final int DEFAULT_STATS_MS = 1000;

    private final ConferenceSession session;
    private final Scheduler thread;
    private final int intervalMs;
    private final ConferenceListeners listeners;
    private final LongFunction<CompletableFuture<PeerStats>> source;
    private final Supplier<CompletableFuture<Map<Long, PeerStats>>> received;
    private final SessionStats stats = new SessionStats();
    private Scheduler.Task timer;

    /**
     * @param source   a user's raw sample: a received publisher's, or this user's own (what it sends)
     * @param received one raw sample of every received publisher (one getStats of the subscriber connection)
     */
    ConferenceStatsReporter(ConferenceSession session, Scheduler thread, int intervalMs, ConferenceListeners listeners,
                            LongFunction<CompletableFuture<PeerStats>> source, Supplier<CompletableFuture<Map<Long, PeerStats>>> received) {
        this.session = session;
        this.thread = thread;
        this.intervalMs = intervalMs;
        this.listeners = listeners;
        this.source = source;
        this.received = received;
    }

    /** Starts the periodic reports once: when the interval is set, or a stats listener is there. */
    void start() {
        if (timer != null || (intervalMs == 0 && listeners.stats.isEmpty())) return;
        timer = thread.repeat(this::reportAll, intervalMs == 0 ? DEFAULT_STATS_MS : intervalMs);
    }

    void stop() {
        if (timer != null) timer.cancel();
    }

    CompletableFuture<RTCStatsReport> report(long userId) {
        return source.apply(userId).thenApplyAsync(sample -> stats.report(userId, sample), thread);
    }

    /** Every received publisher's report from one sample of the subscriber connection. */
    CompletableFuture<Map<Long, RTCStatsReport>> reportReceived() {
        return received.get().thenApplyAsync(samples -> {
            Map<Long, RTCStatsReport> reports = new LinkedHashMap<>();
            samples.forEach((userId, sample) -> reports.put(userId, stats.report(userId, sample)));
            return reports;
        }, thread);
    }

    void forget(long userId) {
        stats.forget(userId);
    }

    private void reportAll() {
        if (listeners.stats.isEmpty()) return;
        reportReceived().thenAccept(reports -> reports.values().forEach(r -> listeners.stats(l -> l.onStatsReport(session, r))))
                .exceptionally(error -> {
                    LOG.debug("stats not read: {}", error.toString());
                    return null;
                });
    }
}
