package dev.parley.media.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.common.time.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.epoll.Epoll;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The hot-path rule (ARCHITECTURE.md: no allocation per packet) where datagrams come in: with epoll the media socket
 * is read by {@link NativeDatagramReader}, which, once warm, allocates nothing on the loop for a datagram from a sender
 * it has seen (Netty's read made a {@code DatagramPacket}, a buffer slice and the sender's address for each, about
 * 190 bytes); and what it reads is what was sent, from whom it was sent (IPv4, IPv6, IPv4-mapped), with a datagram
 * over the maximum dropped and counted, a backlog larger than one readiness reads read to its end, and the port free
 * again once the socket is closed.
 */
class ReceiveAllocationTest {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 8_000;
    private static final int MAX_DATAGRAM = 1500;

    /** Records what the demultiplexer hands it, on the loop, without allocating once its list has grown. */
    private static final class Recording implements DatagramEndpoint {
        /** Read by the test's thread while the loop counts: no task on the loop, which would allocate there. */
        final java.util.concurrent.atomic.AtomicLong datagrams = new java.util.concurrent.atomic.AtomicLong();
        volatile long mismatched;
        final List<InetSocketAddress> senders = new ArrayList<>();

        @Override
        public void onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
            datagrams.incrementAndGet();
            // An RTP header's first two bytes, then the datagram's length's low byte throughout.
            if (buf[off] != (byte) 0x80 || buf[off + 2] != (byte) len || buf[off + len - 1] != (byte) len) {
                mismatched++;
            }
            if (!senders.contains(from)) {
                senders.add(from);
            }
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
            mismatched++;
        }

        @Override
        public void onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
            mismatched++;
        }

        @Override
        public void onStun(dev.parley.media.stun.StunMessage message, InetSocketAddress from) {
            mismatched++;
        }

        @Override
        public void onStun(dev.parley.media.stun.StunMessage message, dev.parley.media.tcp.TcpPath path) {
            mismatched++;
        }

        @Override
        public void onPathClosed(dev.parley.media.tcp.TcpPath path) {
        }
    }

    private final DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
    private final Demultiplexer demultiplexer = new Demultiplexer(counters);
    private final Recording recording = new Recording();

    /** A media socket on {@code host} (epoll), its datagrams to this test's demultiplexer. */
    private MediaSocket bind(String host, int bufferSize) throws InterruptedException {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        return MediaSocket.bind(host, 0, MAX_DATAGRAM, bufferSize, bufferSize, demultiplexer, counters);
    }

    /** A peer on {@code host} whose datagrams the demultiplexer routes to the recording. */
    private DatagramChannel peer(MediaSocket socket, java.net.ProtocolFamily family, String host) throws Exception {
        DatagramChannel peer = DatagramChannel.open(family).bind(new InetSocketAddress(host, 0));
        InetSocketAddress from = address(peer);
        socket.eventLoop().submit(() -> demultiplexer.registerAddress(from, recording)).get(5, TimeUnit.SECONDS);
        return peer;
    }

    @Test
    void aWarmReadAllocatesNothingOnTheLoopAndDeliversWhatWasSentFromWhom() throws Exception {
        MediaSocket socket = bind("127.0.0.1", 1 << 22);
        List<DatagramChannel> peers = new ArrayList<>();
        try {
            assertThat(socket.readsNatively()).as("read by Parley's own reader").isTrue();
            for (int i = 0; i < 3; i++) {
                peers.add(peer(socket, java.net.StandardProtocolFamily.INET, "127.0.0.1"));
            }
            long loopThread = socket.eventLoop().submit(() -> Thread.currentThread().threadId()).get(5, TimeUnit.SECONDS);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

            sendRound(socket, peers, recording, 3 * PER_ROUND); // warm-up
            long[] perRound = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long before = allocated(socket, threads, loopThread);
                sendRound(socket, peers, recording, PER_ROUND);
                perRound[round] = allocated(socket, threads, loopThread) - before;
            }

            assertThat(recording.mismatched).as("datagrams whose bytes were not the ones sent").isZero();
            assertThat(recording.senders).as("every sender, each one address object")
                    .containsExactlyInAnyOrderElementsOf(peers.stream().map(ReceiveAllocationTest::address).toList());
            // The measuring task itself boxes its answer on the loop: under a byte per datagram is none per datagram.
            assertThat(Arrays.stream(perRound).min().orElseThrow())
                    .as("bytes allocated on the loop per round of %d datagrams: %s", PER_ROUND, Arrays.toString(perRound))
                    .isLessThan(PER_ROUND);

            // A datagram over the maximum is dropped and counted; the next one is read as usual.
            long datagrams = recording.datagrams.get();
            peers.getFirst().send(ByteBuffer.wrap(filled(MAX_DATAGRAM + 1)), socket.localAddress());
            peers.getFirst().send(ByteBuffer.wrap(filled(MAX_DATAGRAM)), socket.localAddress());
            Eventually.await("the datagram after the oversized one", Duration.ofSeconds(5),
                    () -> recording.datagrams.get() == datagrams + 1);
            assertThat(counters.droppedCount(DropReason.OVERSIZE)).isEqualTo(1);
            assertThat(recording.mismatched).isZero();
        } finally {
            for (DatagramChannel peer : peers) {
                peer.close();
            }
            socket.close();
        }
    }

    @Test
    void aBacklogLargerThanOneReadinessTakesIsReadToTheEnd() throws Exception {
        MediaSocket socket = bind("127.0.0.1", 1 << 22);
        try (DatagramChannel peer = peer(socket, java.net.StandardProtocolFamily.INET, "127.0.0.1")) {
            // The loop is held while 2000 datagrams queue (more than one readiness reads: 16 x 32), then let go.
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            socket.eventLoop().execute(() -> {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int backlog = 2_000;
            for (int i = 0; i < backlog; i++) {
                peer.send(ByteBuffer.wrap(filled(200)), socket.localAddress());
            }
            hold.countDown();
            Eventually.await("the whole backlog read", Duration.ofSeconds(5), () -> recording.datagrams.get() == backlog);
            assertThat(recording.mismatched).isZero();
        } finally {
            socket.close();
        }
    }

    @Test
    void ipv6AndIpv4MappedSendersAreReadAsTheirAddresses() throws Exception {
        // Bound to every address, both families: an IPv4 sender arrives IPv4-mapped and is read as IPv4.
        MediaSocket socket;
        try {
            socket = bind("::", 1 << 20);
        } catch (RuntimeException e) {
            throw new org.opentest4j.TestAbortedException("no IPv6 here: " + e);
        }
        try (DatagramChannel v6 = peer(socket, java.net.StandardProtocolFamily.INET6, "::1");
                DatagramChannel v4 = peer(socket, java.net.StandardProtocolFamily.INET, "127.0.0.1")) {
            assertThat(socket.readsNatively()).isTrue();
            InetSocketAddress from6 = address(v6);
            InetSocketAddress from4 = address(v4);
            int port = socket.localAddress().getPort();
            for (int i = 0; i < 3; i++) {
                v6.send(ByteBuffer.wrap(filled(300)), new InetSocketAddress("::1", port));
                v4.send(ByteBuffer.wrap(filled(300)), new InetSocketAddress("127.0.0.1", port));
            }
            Eventually.await("six datagrams", Duration.ofSeconds(5), () -> recording.datagrams.get() == 6);
            List<InetSocketAddress> senders = onLoop(socket, () -> List.copyOf(recording.senders));
            assertThat(senders).containsExactlyInAnyOrder(from6, from4);
            assertThat(senders).filteredOn(a -> a.getAddress() instanceof java.net.Inet4Address).containsExactly(from4);
            assertThat(recording.mismatched).isZero();
        } finally {
            socket.close();
        }
    }

    @Test
    void aClosedSocketFreesItsPort() throws Exception {
        MediaSocket socket = bind("127.0.0.1", 1 << 20);
        int port = socket.localAddress().getPort();
        assertThat(socket.readsNatively()).isTrue();
        socket.close();
        // The reader's duplicate of the descriptor is closed with the socket: the port can be bound again at once.
        MediaSocket again = MediaSocket.bind("127.0.0.1", port, MAX_DATAGRAM, 1 << 20, 1 << 20, new Demultiplexer(counters),
                counters);
        again.close();
    }

    /** Sends {@code count} datagrams of 100-1199 bytes round-robin from the peers and waits until all were read. */
    private static void sendRound(MediaSocket socket, List<DatagramChannel> peers, Recording recording, int count)
            throws Exception {
        long target = recording.datagrams.get() + count;
        for (int i = 0; i < count; i++) {
            peers.get(i % peers.size()).send(ByteBuffer.wrap(filled(100 + i % 1100)), socket.localAddress());
            if (i % 64 == 63) {
                // Never more in flight than the socket's receive buffer holds.
                long sent = target - count + i + 1;
                Eventually.await("datagrams read", Duration.ofSeconds(5), () -> recording.datagrams.get() >= sent - 32);
            }
        }
        Eventually.await("every datagram read", Duration.ofSeconds(10), () -> recording.datagrams.get() == target);
    }

    private static long allocated(MediaSocket socket, com.sun.management.ThreadMXBean threads, long thread)
            throws Exception {
        // Read on the loop between its tasks, so that no read is half counted.
        return socket.eventLoop().submit(() -> threads.getThreadAllocatedBytes(thread)).get(5, TimeUnit.SECONDS);
    }

    private static <T> T onLoop(MediaSocket socket, java.util.concurrent.Callable<T> task) {
        try {
            return socket.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RTP-looking datagram (version 2, payload type 96) of {@code length} bytes, the rest its length's low byte. */
    private static byte[] filled(int length) {
        byte[] datagram = new byte[length];
        Arrays.fill(datagram, (byte) length);
        datagram[0] = (byte) 0x80;
        datagram[1] = 96;
        return datagram;
    }

    private static InetSocketAddress address(DatagramChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
