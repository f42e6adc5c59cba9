package dev.parley.media.bwe;

/**
 * When to probe and how fast (libwebrtc's probe controller, simplified): at start-up a cluster at 3 times the start
 * rate; while a cluster's result reaches {@value #CONTINUE_SHARE} of its rate, the next at twice the result
 * (exponential search for the capacity); and every probe interval, while the subscriber wants more than its
 * estimate and media leaves the estimate untested, one at twice the estimate. Never above what the subscriber wants
 * ({@code desired}, when known) or the maximum. One cluster at a time: it is sent in {@value #BURSTS} bursts, one per
 * tick, and its result is awaited for at most {@value #RESULT_TIMEOUT_NANOS} ns.
 */
final class ProbeController {

    static final int BURSTS = 3;
    private static final double CONTINUE_SHARE = 0.7;
    private static final long RESULT_TIMEOUT_NANOS = 1_000_000_000;
    private static final int START_MULTIPLIER = 3;
    /**
     * Media below this share of the estimate leaves the estimate untested (the sender is application-limited, as
     * libwebrtc's ALR detector says): only then is a periodic probe worth its queue. Media that fills the estimate
     * tests it by itself, and the rate controller's increase finds more.
     */
    private static final double APPLICATION_LIMITED_SHARE = 0.8;

    private final BandwidthSettings settings;
    private final long probeIntervalNanos;
    private int nextId;
    /** The cluster being sent or awaited, -1 for none. */
    private int cluster = -1;
    private long clusterRate;
    private int burstsLeft;
    /** Whether a burst is being sent (between {@link #burst} and {@link #burstSent}). */
    private boolean sending;
    private long clusterSentNanos;
    /** Rate of a cluster to send next, queued by start-up or a result; 0 for none. */
    private long queuedRate;
    private boolean started;
    private long lastProbeNanos;

    ProbeController(BandwidthSettings settings) {
        this.settings = settings;
        this.probeIntervalNanos = settings.probeInterval().toNanos();
    }

    /** The cluster id packets sent now belong to, or {@link SendHistory#NO_CLUSTER}. */
    int sendingCluster() {
        return sending ? cluster : SendHistory.NO_CLUSTER;
    }

    /** The rate the current (or last) cluster was meant to be sent at, bits per second. */
    long clusterRate() {
        return clusterRate;
    }

    /** The cluster awaiting its result, or -1. */
    int awaitedCluster() {
        return cluster;
    }

    /**
     * At a tick: the bytes of probe padding to send now (0 for none), with {@link #sendingCluster()} set for them;
     * {@code estimate} the current estimate, {@code desired} what the subscriber wants (0: unknown).
     */
    long burst(long estimate, long desired, long mediaBitrate, long tickNanos, long nowNanos, ProbeClusters clusters) {
        if (!settings.probing()) {
            return 0;
        }
        if (cluster >= 0 && burstsLeft == 0 && nowNanos - clusterSentNanos > RESULT_TIMEOUT_NANOS) {
            cluster = -1; // no result (its feedback lost, or too much of it): give up on it
            queuedRate = 0;
        }
        long cap = desired > 0 ? Math.min(desired, settings.maxBitrate()) : settings.maxBitrate();
        if (cluster < 0) {
            long rate = 0;
            if (!started) {
                started = true;
                rate = START_MULTIPLIER * settings.startBitrate();
            } else if (queuedRate > 0) {
                rate = queuedRate;
            } else if (nowNanos - lastProbeNanos >= probeIntervalNanos && estimate < cap
                    && mediaBitrate < APPLICATION_LIMITED_SHARE * estimate) {
                rate = 2 * estimate;
            }
            queuedRate = 0;
            rate = Math.min(rate, cap);
            if (rate <= estimate) {
                return 0;
            }
            cluster = nextId;
            nextId = (nextId + 1) & Integer.MAX_VALUE;
            clusterRate = rate;
            burstsLeft = BURSTS;
            lastProbeNanos = nowNanos;
            clusters.start(cluster);
        }
        if (burstsLeft == 0) {
            return 0;
        }
        burstsLeft--;
        clusterSentNanos = nowNanos;
        sending = true;
        return clusterRate * tickNanos / 8_000_000_000L;
    }

    /** The burst was sent: packets from now on are media. */
    void burstSent() {
        sending = false;
    }

    /** The awaited cluster's result: continue the search upwards while the path kept up with it. */
    void onResult(long measured) {
        if (measured >= CONTINUE_SHARE * clusterRate) {
            queuedRate = 2 * measured;
        }
        cluster = -1;
    }
}
