package dev.parley.media.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/** The ICE-TCP port's Micrometer counters: connections accepted, and closed by reason. Thread-safe. */
public final class TcpCounters {

    private final Counter accepted;
    private final Counter[] closed = new Counter[TcpCloseReason.values().length];

    public TcpCounters(MeterRegistry registry) {
        accepted = Counter.builder("parley.media.tcp.connections.accepted")
                .description("ICE-TCP connections accepted on the media TCP port").register(registry);
        for (TcpCloseReason reason : TcpCloseReason.values()) {
            closed[reason.ordinal()] = Counter.builder("parley.media.tcp.connections.closed")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("ICE-TCP connections closed, by reason").register(registry);
        }
    }

    void accepted() {
        accepted.increment();
    }

    void closed(TcpCloseReason reason) {
        closed[reason.ordinal()].increment();
    }

    public long closedCount(TcpCloseReason reason) {
        return (long) closed[reason.ordinal()].count();
    }
}
