package dev.parley.media.tcp;

import dev.parley.common.time.Scheduler;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.Demultiplexer;

import java.time.Duration;

/**
 * What every ICE-TCP connection of one listener shares: the media event loop (as a scheduler, for the check timer),
 * the transports' ufrag table, the counters, the limits, one receive array and the count of connections waiting for
 * their first valid check.
 *
 * <p>Threading: confined to the media event loop, like the connections; the receive array is lent to one frame's
 * processing at a time, as the UDP socket's is.
 */
final class TcpConnectionContext {

    final Scheduler loop;
    final Demultiplexer demultiplexer;
    final DatagramCounters packets;
    final TcpCounters connections;
    final Duration checkTimeout;
    final byte[] receiveBuffer;
    private final int maxPending;
    private int pending;

    TcpConnectionContext(Scheduler loop, Demultiplexer demultiplexer, DatagramCounters packets, TcpCounters connections,
            int maxFrame, Duration checkTimeout, int maxPending) {
        this.loop = loop;
        this.demultiplexer = demultiplexer;
        this.packets = packets;
        this.connections = connections;
        this.checkTimeout = checkTimeout;
        this.receiveBuffer = new byte[maxFrame];
        this.maxPending = maxPending;
        connections.pending(this::pending);
    }

    /** Counts a new connection as waiting for its first check; false (not counted) when the limit is reached. */
    boolean admitPending() {
        if (pending >= maxPending) {
            return false;
        }
        pending++;
        return true;
    }

    /** A waiting connection was checked, or closed. */
    void pendingDone() {
        pending--;
    }

    /** Connections waiting for their first valid check (read by the metrics' gauge from its own thread: a plain int). */
    int pending() {
        return pending;
    }
}
