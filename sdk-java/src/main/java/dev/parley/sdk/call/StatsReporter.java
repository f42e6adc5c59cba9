package dev.parley.sdk.call;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A session's stats reports: every {@link RTCConfig#statsReportInterval()} ms while in the call, one
 * {@link RTCStatsReport} per connected peer to the stats listeners; and a report on demand. SDK thread only.
 */
final class StatsReporter {

    private static final Logger LOG = LoggerFactory.getLogger(StatsReporter.class);

    private final Scheduler scheduler;
    private final int intervalMs;
    private final SessionListeners listeners;
    private final Supplier<Collection<PeerLink>> peers;
    private final SessionStats stats = new SessionStats();
    private Scheduler.Task timer;

    StatsReporter(Scheduler scheduler, int intervalMs, SessionListeners listeners, Supplier<Collection<PeerLink>> peers) {
        this.scheduler = scheduler;
        this.intervalMs = intervalMs;
        this.listeners = listeners;
        this.peers = peers;
    }

    /** Starts the periodic reports (once; nothing when they are off). */
    void start() {
        if (timer != null || intervalMs == 0) return;
        timer = scheduler.repeat(this::reportAll, intervalMs);
    }

    void stop() {
        if (timer != null) timer.cancel();
    }

    /** The connection with the user now, with rates since the last sample of that user. */
    CompletableFuture<RTCStatsReport> report(PeerLink link) {
        return link.stats().thenApply(sample -> stats.report(link.userId, sample));
    }

    void forget(long userId) {
        stats.forget(userId);
    }

    private void reportAll() {
        for (PeerLink link : peers.get()) {
            if (link.isClosed() || link.pendingOffer != null) continue;
            report(link).thenAccept(listeners::stats).exceptionally(e -> {
                LOG.debug("stats of user {} failed: {}", link.userId, e.toString());
                return null;
            });
        }
    }
}
