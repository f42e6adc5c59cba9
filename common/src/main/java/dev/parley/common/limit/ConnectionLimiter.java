package dev.parley.common.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections per client address, capped, so that one address cannot take every file descriptor the
 * process has (a thousand idle sockets otherwise make every new connection fail with "Too many open files").
 * Thread-safe: connections on every event loop open and close concurrently; an address's entry disappears
 * with its last connection, so the map holds only addresses with open connections.
 */
public final class ConnectionLimiter {

    private final int maxPerAddress;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("max connections per address must be at least 1");
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a new connection from {@code address}; false (and not counted) when the address is at its cap. */
    public boolean tryOpen(String address) {
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < maxPerAddress) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return admitted[0];
    }

    /** A connection counted by {@link #tryOpen} closed. */
    public void closed(String address) {
        open.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Open connections from this address now. */
    public int openFrom(String address) {
        AtomicInteger count = open.get(address);
        return count == null ? 0 : count.get();
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }
}
