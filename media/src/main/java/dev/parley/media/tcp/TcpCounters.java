package dev.parley.media.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The ICE-TCP port's Micrometer meters: connections accepted, closed by reason, and waiting for their first valid
 * check. Thread-safe.
 */
public final class TcpCounters {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter[] closed = new Counter[TcpCloseReason.values().length];

    public TcpCounters(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder("parley.media.tcp.connections.accepted")
                .description("ICE-TCP connections accepted on the media TCP port").register(registry);
        for (TcpCloseReason reason : TcpCloseReason.values()) {
            closed[reason.ordinal()] = Counter.builder("parley.media.tcp.connections.closed")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("ICE-TCP connections closed, by reason").register(registry);
        }
    }

    /** The gauge of connections waiting for their first valid check, read from the listener's count. */
    void pending(IntSupplier count) {
        Gauge.builder("parley.media.tcp.connections.pending", count::getAsInt)
                .description("ICE-TCP connections waiting for their first valid ICE check").register(registry);
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
