package dev.parley.media.dtls;

import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * bctls's blocking datagram interface over a bounded queue that the event loop fills, so that the
 * session's thread can block in bctls while the loop never does. Sent records go to a
 * {@link DatagramSink} (the media socket, towards the peer's selected address).
 *
 * <p>Threading: {@link #offer} is called on the event loop, {@link #receive} on the session's thread,
 * {@link #send} and {@link #close} on either; the queue and the volatile flag make that safe.
 * Buffer ownership: an offered array belongs to this transport from then on; {@code receive} copies
 * into bctls's buffer; {@code send} passes bctls's buffer to the sink, which copies before returning.
 */
public final class QueuedDatagramTransport implements DatagramTransport {

    /** Records the SFU sends fit a 1200-byte datagram, the size WebRTC stacks plan for (no fragmentation on any path). */
    static final int SEND_LIMIT = 1200;
    private static final byte[] CLOSED = new byte[0];

    private final ArrayBlockingQueue<byte[]> inbound;
    private final DatagramSink sink;
    private final int receiveLimit;
    private volatile boolean closed;

    public QueuedDatagramTransport(int capacity, int receiveLimit, DatagramSink sink) {
        this.inbound = new ArrayBlockingQueue<>(capacity);
        this.receiveLimit = receiveLimit;
        this.sink = sink;
    }

    /** Queues a received datagram; false when the queue is full or the transport closed (the datagram is dropped). */
    public boolean offer(byte[] datagram) {
        return !closed && inbound.offer(datagram);
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    /** Waits up to {@code waitMillis} (0: until a datagram or close) and returns -1 on timeout, as bctls expects. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        try {
            datagram = waitMillis > 0 ? inbound.poll(waitMillis, TimeUnit.MILLISECONDS) : inbound.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS record");
        }
        return copy(datagram, buf, off, len);
    }

    /** A datagram already queued, without waiting; -1 when there is none. */
    int receiveQueued(byte[] buf, int off, int len) throws IOException {
        return copy(inbound.poll(), buf, off, len);
    }

    private int copy(byte[] datagram, byte[] buf, int off, int len) throws IOException {
        if (datagram == CLOSED || closed) {
            inbound.offer(CLOSED);
            throw new IOException("the DTLS transport is closed");
        }
        if (datagram == null) {
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the DTLS transport is closed");
        }
        sink.send(buf, off, len);
    }

    /** Wakes a waiting {@link #receive} with an error; later offers are refused. */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(CLOSED);
    }
}
