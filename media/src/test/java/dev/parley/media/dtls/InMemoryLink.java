package dev.parley.media.dtls;

import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory datagram link between a test client and a {@link DtlsServerSession}: what the client
 * sends is offered to the session on its loop, as the socket would; what the session sends lands in the
 * client's queue.
 */
final class InMemoryLink {

    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final CountDownLatch firstSent = new CountDownLatch(1);
    private final Executor loop;
    private volatile DtlsServerSession session;

    InMemoryLink(Executor loop) {
        this.loop = loop;
    }

    void attach(DtlsServerSession server) {
        this.session = server;
    }

    /** The session's side. */
    DatagramSink sink() {
        return (buf, off, len) -> {
            toClient.add(Arrays.copyOfRange(buf, off, off + len));
            firstSent.countDown();
        };
    }

    /** Waits up to {@code seconds} for the session's first datagram to the client; whether it came. */
    boolean awaitFirstSend(long seconds) throws InterruptedException {
        return firstSent.await(seconds, TimeUnit.SECONDS);
    }

    /** The client's side. */
    DatagramTransport client() {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return 1500;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                try {
                    byte[] datagram = toClient.poll(waitMillis == 0 ? 10_000 : waitMillis, TimeUnit.MILLISECONDS);
                    if (datagram == null) {
                        return -1;
                    }
                    int n = Math.min(len, datagram.length);
                    System.arraycopy(datagram, 0, buf, off, n);
                    return n;
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                byte[] copy = Arrays.copyOfRange(buf, off, off + len);
                loop.execute(() -> session.offer(copy));
            }

            @Override
            public void close() {
            }
        };
    }
}
