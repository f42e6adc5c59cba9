package dev.parley.common.limit;

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
    private final int burst;
    private final double perSecond;
    private final Map<String, TokenBucket> buckets;

    public RateLimiter(Clock clock, int burst, double perSecond, int maxClients) {
        if (burst < 1 || perSecond <= 0 || maxClients < 1) {
            throw new IllegalArgumentException("rate limit needs burst >= 1, per-second > 0 and max-clients >= 1");
        }
        this.clock = clock;
        this.burst = burst;
        this.perSecond = perSecond;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes one token; returns zero on success or how long until a token is available. */
    public synchronized Duration tryAcquire(String key) {
        return buckets.computeIfAbsent(key, k -> new TokenBucket(clock, burst, perSecond)).tryTake();
    }

    /** Gives back a token taken by {@link #tryAcquire} for an attempt that turned out not to count. */
    public synchronized void release(String key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.giveBack();
        }
    }

    /** How many keys have a bucket now (bounded by {@code maxClients}). */
    public synchronized int trackedClients() {
        return buckets.size();
    }
}
