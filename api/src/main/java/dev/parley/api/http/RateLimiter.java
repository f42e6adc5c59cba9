package dev.parley.api.http;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client key (an IP address): {@code burst} requests at once, refilled at
 * {@code perSecond}. At most {@code maxClients} buckets are kept; the least recently used is dropped first,
 * so memory stays bounded under an address-spraying flood. Thread-safe: one lock around the map.
 */
public final class RateLimiter {

    private final Clock clock;
    private final double burst;
    private final double perMilli;
    private final Map<String, double[]> buckets;

    public RateLimiter(Clock clock, int burst, double perSecond, int maxClients) {
        if (burst < 1 || perSecond <= 0 || maxClients < 1) {
            throw new IllegalArgumentException("rate limit needs burst >= 1, per-second > 0 and max-clients >= 1");
        }
        this.clock = clock;
        this.burst = burst;
        this.perMilli = perSecond / 1000.0;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes one token for the key, or throws a 429 saying when the next one is due. */
    public void acquire(String key) {
        Duration wait = tryAcquire(key);
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests(wait);
        }
    }

    /** Takes one token; returns zero on success or how long until a token is available. */
    public synchronized Duration tryAcquire(String key) {
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        double tokens = Math.min(burst, bucket[0] + (now - bucket[1]) * perMilli);
        bucket[1] = now;
        if (tokens >= 1) {
            bucket[0] = tokens - 1;
            return Duration.ZERO;
        }
        bucket[0] = tokens;
        return Duration.ofMillis((long) Math.ceil((1 - tokens) / perMilli));
    }

    synchronized int trackedClients() {
        return buckets.size();
    }
}
