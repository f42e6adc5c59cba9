package dev.parley.media.udp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/**
 * The media port's Micrometer counters, registered once so that counting a packet is an array index
 * and a lock-free add: datagrams and bytes received by kind, sent by kind, dropped by reason.
 * Thread-safe (Micrometer counters are).
 */
public final class DatagramCounters {

    private final Counter[] received = new Counter[PacketKind.values().length];
    private final Counter[] receivedBytes = new Counter[PacketKind.values().length];
    private final Counter[] sent = new Counter[PacketKind.values().length];
    private final Counter[] sentBytes = new Counter[PacketKind.values().length];
    private final Counter[] dropped = new Counter[DropReason.values().length];

    public DatagramCounters(MeterRegistry registry) {
        for (PacketKind kind : PacketKind.values()) {
            String tag = name(kind);
            received[kind.ordinal()] = Counter.builder("parley.media.datagrams.received").tag("kind", tag)
                    .description("Datagrams received on the media port").register(registry);
            receivedBytes[kind.ordinal()] = Counter.builder("parley.media.bytes.received").tag("kind", tag)
                    .description("Bytes received on the media port").baseUnit("bytes").register(registry);
            sent[kind.ordinal()] = Counter.builder("parley.media.datagrams.sent").tag("kind", tag)
                    .description("Datagrams sent from the media port").register(registry);
            sentBytes[kind.ordinal()] = Counter.builder("parley.media.bytes.sent").tag("kind", tag)
                    .description("Bytes sent from the media port").baseUnit("bytes").register(registry);
        }
        for (DropReason reason : DropReason.values()) {
            dropped[reason.ordinal()] = Counter.builder("parley.media.datagrams.dropped").tag("reason", name(reason))
                    .description("Datagrams dropped on the media port, by reason").register(registry);
        }
    }

    public void received(PacketKind kind, int bytes) {
        received[kind.ordinal()].increment();
        receivedBytes[kind.ordinal()].increment(bytes);
    }

    public void sent(PacketKind kind, int bytes) {
        sent[kind.ordinal()].increment();
        sentBytes[kind.ordinal()].increment(bytes);
    }

    public void dropped(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    public long droppedCount(DropReason reason) {
        return (long) dropped[reason.ordinal()].count();
    }

    public long receivedCount(PacketKind kind) {
        return (long) received[kind.ordinal()].count();
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
