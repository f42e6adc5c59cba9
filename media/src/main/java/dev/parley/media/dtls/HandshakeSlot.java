package dev.parley.media.dtls;

import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One handshake's share of the DTLS handshake permits ({@code parley.media.dtls-max-concurrent-handshakes}): held
 * while bctls computes (key exchange, signatures, the certificate check), given back whenever the handshake waits on
 * its peer (the next flight) or on the signalling (the SDP fingerprint), and taken again before it goes on. The
 * permits bound the CPU that handshakes take at once; a peer that is slow, or stalls on purpose, holds none of them
 * while others wait. A take waits at most until the handshake's deadline, then fails ({@link #timedOut()}).
 *
 * <p>Threading: the session's thread only.
 */
final class HandshakeSlot {

    private final Semaphore permits;
    private final long timeoutNanos;
    private long deadlineNanos;
    private boolean held;
    private boolean finished;
    private boolean timedOut;

    /** The handshake may take permits for {@code timeout} from {@link #begin}. */
    HandshakeSlot(Semaphore permits, Duration timeout) {
        this.permits = permits;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The handshake starts (its first record is here): the deadline runs from now, and a first permit is taken. */
    void begin() throws IOException {
        deadlineNanos = System.nanoTime() + timeoutNanos;
        take();
    }

    /** Takes a permit unless one is held; throws when none came before the deadline. */
    void take() throws IOException {
        if (held || finished) {
            return;
        }
        try {
            held = permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a handshake slot");
        }
        if (!held) {
            timedOut = true;
            throw new IOException("no handshake slot free before the handshake timeout");
        }
    }

    /** Gives the permit back, if one is held. */
    void release() {
        if (held) {
            held = false;
            permits.release();
        }
    }

    /** The handshake ended (either way): the permit goes back, and later reads take none. */
    void finish() {
        release();
        finished = true;
    }

    /** Whether a take failed for want of a permit before the deadline. */
    boolean timedOut() {
        return timedOut;
    }

    /**
     * What bctls reads and writes through during the handshake: {@code transport}, except that a read finding nothing
     * queued gives the permit back while it waits for the peer, and takes it again before bctls goes on.
     */
    DatagramTransport pacing(QueuedDatagramTransport transport) {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return transport.getReceiveLimit();
            }

            @Override
            public int getSendLimit() {
                return transport.getSendLimit();
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                if (finished) {
                    return transport.receive(buf, off, len, waitMillis);
                }
                int n = transport.receiveQueued(buf, off, len);
                if (n >= 0) {
                    return n;
                }
                release();
                n = transport.receive(buf, off, len, waitMillis);
                take();
                return n;
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                transport.send(buf, off, len);
            }

            @Override
            public void close() {
                transport.close();
            }
        };
    }
}
