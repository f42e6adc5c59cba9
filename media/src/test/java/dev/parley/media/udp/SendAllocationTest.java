package dev.parley.media.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.parley.common.testing.AllocationRounds;
import dev.parley.common.time.Eventually;
import dev.parley.media.rtp.BigEndian;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;
import io.netty.util.ResourceLeakDetector;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The hot-path rule (ARCHITECTURE.md: no allocation per packet) below the forwarding pipeline: once warm, sending a
 * datagram through a real {@link MediaSocket} from its event loop, as forwarding does, allocates nothing on that
 * thread, the socket's own writes (sendmmsg with epoll) included.
 *
 * <p>One allocation is Netty's and cannot be avoided from here: for each datagram of a sendmmsg, epoll's
 * {@code NativeDatagramPacketArray} copies the recipient's address with {@code InetAddress.getAddress()}, a new
 * 4-byte array. The JIT's escape analysis removes it (measured: 4.3 B per send in all with it on, 28.3 with it
 * off), but this module's tests run without escape analysis, so there the test allows what that one call allocates.
 */
class SendAllocationTest {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 20_000;
    private static final int LENGTH = 1200;

    @Test
    void aWarmSendFromTheLoopAllocatesNothingWithEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        sendFromTheLoop(true);
    }

    @Test
    void aWarmSendFromTheLoopAllocatesNothingWithNio() throws Exception {
        sendFromTheLoop(false);
    }

    @Test
    void sendsFromAnotherThreadStillGoOut() throws Exception {
        DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
        MediaSocket socket = MediaSocket.bind("127.0.0.1", 0, 1500, 1 << 20, 1 << 22, new Demultiplexer(counters), counters);
        try (Peer peer = new Peer()) {
            byte[] packet = new byte[LENGTH];
            for (int i = 0; i < 100; i++) {
                send(socket, packet, i, peer.address);
                // One at a time, so that the peer's receive buffer never overflows while its reader waits for a core
                // (a hundred 1200-byte datagrams take more of it than its default size on loopback).
                long expected = i + 1;
                Eventually.await("packet " + i + " arrives", Duration.ofSeconds(5), () -> peer.received.get() == expected);
            }
            assertThat(peer.malformed.get()).isZero();
            assertThat(envelopes(socket)[0]).as("envelopes made off the loop").isZero();
        } finally {
            socket.close();
        }
    }

    private static void sendFromTheLoop(boolean epoll) throws Exception {
        // Netty's advanced and paranoid leak detection record every access to a buffer, allocating as they do.
        assumeTrue(ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.ADVANCED.ordinal(),
                "leak detection records every buffer access");
        DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
        MediaSocket socket = MediaSocket.bind("127.0.0.1", 0, 1500, 1 << 20, 1 << 22, new Demultiplexer(counters), counters, epoll);
        try (Peer peer = new Peer()) {
            assertThat(socket.epoll()).isEqualTo(epoll);
            byte[] packet = new byte[LENGTH];
            // Warm-up, then the measured rounds, all in one task on the loop.
            long[] allowance = new long[1];
            AllocationRounds rounds = socket.eventLoop().submit(() -> {
                int[] next = {0};
                for (int i = 0; i < 3 * PER_ROUND; i++) {
                    send(socket, packet, next[0]++, peer.address);
                }
                allowance[0] = epoll && !escapeAnalysis() ? addressCopyBytes(peer.address) : 0;
                return AllocationRounds.measure(ROUNDS, round -> {
                    for (int i = 0; i < PER_ROUND; i++) {
                        send(socket, packet, next[0]++, peer.address);
                    }
                });
            }).get(60, TimeUnit.SECONDS);

            assertThat(counters.droppedCount(DropReason.SEND_QUEUE_FULL)).as("sends dropped").isZero();
            Eventually.await("datagrams arrive", Duration.ofSeconds(5), () -> peer.received.get() > 1_000);
            assertThat(peer.malformed.get()).as("datagrams whose bytes were not the ones sent").isZero();
            Eventually.await("every envelope given back once written", Duration.ofSeconds(5), () -> {
                int[] envelopes = envelopes(socket);
                return envelopes[0] == envelopes[1];
            });
            assertThat(envelopes(socket)[0]).as("envelopes made").isBetween(1, MediaSocket.SEND_ENVELOPES);
            assertThat(rounds.least())
                    .as("bytes allocated on the loop per round of %d sends: %s; allowed: %d per send for Netty's address copy,"
                            + " and under 1 per send", PER_ROUND, rounds, allowance[0])
                    .isLessThan(PER_ROUND * (allowance[0] + 1));
        } finally {
            socket.close();
        }
    }

    private static boolean escapeAnalysis() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(hotspot.getVMOption("DoEscapeAnalysis").getValue());
    }

    /** What the one {@code InetAddress.getAddress()} per datagram in Netty's sendmmsg path allocates. */
    private static long addressCopyBytes(InetSocketAddress to) {
        byte[][] kept = new byte[1_000][];
        AllocationRounds copies = AllocationRounds.measure(3, round -> {
            for (int i = 0; i < kept.length; i++) {
                kept[i] = to.getAddress().getAddress();
            }
        });
        return copies.least() / kept.length;
    }

    /** Sends packet number {@code n}: its number in the first 4 bytes, the last byte its low 8 bits. */
    private static void send(MediaSocket socket, byte[] packet, int n, InetSocketAddress to) {
        BigEndian.put32(packet, 0, n);
        packet[LENGTH - 1] = (byte) n;
        if (!socket.send(packet, 0, LENGTH, to, PacketKind.RTP)) {
            throw new AssertionError("send " + n + " refused");
        }
    }

    /** The socket's send envelopes: made, free. */
    private static int[] envelopes(MediaSocket socket) {
        try {
            return socket.eventLoop().submit(socket::sendEnvelopes).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A plain socket on loopback that receives and checks the datagrams on a thread of its own. */
    private static final class Peer implements AutoCloseable {
        final DatagramChannel channel;
        final InetSocketAddress address;
        final AtomicLong received = new AtomicLong();
        final AtomicLong malformed = new AtomicLong();
        private final Thread reader;

        Peer() throws Exception {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            address = (InetSocketAddress) channel.getLocalAddress();
            reader = Thread.ofPlatform().daemon().name("send-allocation-peer").start(this::drain);
        }

        private void drain() {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (true) {
                buffer.clear();
                try {
                    channel.receive(buffer);
                } catch (java.io.IOException e) {
                    return;
                }
                buffer.flip();
                if (buffer.remaining() != LENGTH || buffer.get(LENGTH - 1) != (byte) buffer.getInt(0)) {
                    malformed.incrementAndGet();
                }
                received.incrementAndGet();
            }
        }

        @Override
        public void close() throws java.io.IOException {
            channel.close();
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
