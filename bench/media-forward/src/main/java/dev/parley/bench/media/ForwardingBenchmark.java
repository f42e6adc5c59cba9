package dev.parley.bench.media;

import dev.parley.media.forward.PacketSink;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One publisher's video packet forwarded to each subscriber of the room ({@link OneToMany}): the whole receive
 * path (validation, transport-cc arrival, statistics, NACK bookkeeping, keyframe detection, cache copy) and, per
 * subscriber, the rewritten copy handed to a sink, here a blackhole. SRTP and the socket are not included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingBenchmark {

    @Param({"1", "11"})
    int subscribers;

    private OneToMany room;

    @Setup
    public void setUp(Blackhole blackhole) {
        room = new OneToMany(subscribers, new PacketSink() {
            @Override
            public void sendRtp(byte[] buf, int off, int len) {
                blackhole.consume(buf[off + len - 1]);
            }

            @Override
            public void sendRtcp(byte[] buf, int off, int len) {
                blackhole.consume(len);
            }
        });
    }

    @Benchmark
    public void forwardOnePacket() {
        room.forwardOne();
    }
}
