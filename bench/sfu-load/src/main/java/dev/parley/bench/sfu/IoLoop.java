package dev.parley.bench.sfu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that receives for every participant: a selector over their UDP sockets, ICE timers, and the
 * subscribers' SRTP decryption and measurements. Other threads reach its state only through {@link #call}.
 */
final class IoLoop implements AutoCloseable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);
    private final Thread thread;
    private final java.util.List<Transport> transports = new java.util.ArrayList<>();
    final LatencyHistogram latency = new LatencyHistogram();
    private volatile boolean running = true;

    IoLoop() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().name("sfu-load-io").daemon().start(this::run);
    }

    /** A UDP socket on {@code address} (port 0: any) for a new transport, registered on the loop. */
    DatagramChannel open(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        channel.bind(address);
        channel.configureBlocking(false);
        return channel;
    }

    void add(Transport transport) {
        call(() -> {
            try {
                transport.channel().register(selector, SelectionKey.OP_READ, transport);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            transports.add(transport);
            return null;
        }).join();
    }

    void remove(Transport transport) {
        call(() -> {
            transports.remove(transport);
            SelectionKey key = transport.channel().keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            return null;
        }).join();
    }

    /** Runs {@code task} on the loop; the future completes with its result. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return result;
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                selector.select(5);
                for (SelectionKey key : selector.selectedKeys()) {
                    Transport transport = (Transport) key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    for (int i = 0; i < 64; i++) {
                        buffer.clear();
                        SocketAddress from = channel.receive(buffer);
                        if (from == null) {
                            break;
                        }
                        transport.received(buffer.array(), buffer.position(), (InetSocketAddress) from, System.nanoTime());
                    }
                }
                selector.selectedKeys().clear();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    nextTick = now + TICK_NANOS;
                    for (Transport transport : transports) {
                        transport.tick(now);
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("sfu-load: I/O loop: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }
}
