package dev.parley.media.dtls;

import dev.parley.media.srtp.SrtpKeys;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * One transport's DTLS-SRTP association, the SFU as server. bctls's API blocks, so the session runs
 * on a virtual thread of its own for its whole life: it runs the handshake with a {@link HandshakeSlot} (the
 * {@code handshakePermits} semaphore bounds how many handshakes use the CPU at once; one waiting on its peer
 * holds no permit), then keeps reading records so that application data, alerts and a peer's retransmitted
 * final flight (answered from bctls's retransmission state) are handled. A parked virtual thread costs
 * a few hundred bytes, not an OS thread.
 *
 * <p>Threading: {@link #offer} is called on the transport's event loop and never blocks (a full queue
 * drops the datagram); {@link #setRemoteFingerprint}, {@link #sendApplicationData} and {@link #close}
 * may be called from any thread. Every {@link Listener} call is handed to {@code loop}, so the
 * transport sees results on its own thread.
 */
public final class DtlsServerSession {

    /** Results, delivered on the transport's event loop. */
    public interface Listener {
        /** Handshake done, certificate matched: the SRTP keys (the listener owns them from now on). */
        void onConnected(SrtpKeys keys);

        /** Application data from the peer (a copy the listener owns), e.g. SCTP for data channels. */
        void onApplicationData(byte[] data);

        /** The session ended: failed to connect, or closed by the peer after connecting. */
        void onFailed(DtlsFailure failure, String detail);
    }

    private static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().create(new SecureRandom());
    /** How long the reading loop waits between checks that the session is still open. */
    private static final int READ_WAIT_MILLIS = 5_000;

    private final QueuedDatagramTransport transport;
    private final CompletableFuture<DtlsFingerprint> remoteFingerprint = new CompletableFuture<>();
    private final DtlsSrtpServer server;
    private final HandshakeSlot slot;
    private final Duration handshakeTimeout;
    private final Executor loop;
    private final Listener listener;
    private volatile DTLSTransport dtls;
    private volatile boolean closed;
    private boolean started;

    /**
     * @param queueCapacity    received datagrams waiting for the session thread, at most
     * @param maxDatagram      the largest datagram the socket passes on
     * @param sink             sends the session's records to the peer (copies before returning)
     * @param handshakeTimeout bounds the wait for a permit and for the peer's SDP fingerprint
     */
    public DtlsServerSession(DtlsCertificate certificate, int queueCapacity, int maxDatagram, DatagramSink sink,
            Semaphore handshakePermits, Duration handshakeTimeout, Executor loop, Listener listener) {
        this.transport = new QueuedDatagramTransport(queueCapacity, maxDatagram, sink);
        this.slot = new HandshakeSlot(handshakePermits, handshakeTimeout);
        this.server = new DtlsSrtpServer(CRYPTO, certificate, remoteFingerprint, handshakeTimeout.toMillis(), slot);
        this.handshakeTimeout = handshakeTimeout;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Hands a received DTLS datagram to the session, starting its thread on the first one. The array
     * belongs to the session afterwards. Returns false when it was dropped (queue full, or closed).
     */
    public boolean offer(byte[] datagram) {
        if (closed || !transport.offer(datagram)) {
            return false;
        }
        if (!started) {
            started = true;
            Thread.ofVirtual().name("parley-dtls").start(this::run);
        }
        return true;
    }

    /** Whether the session thread was started (a first datagram arrived). Event loop only. */
    public boolean started() {
        return started;
    }

    /** The fingerprint from the peer's SDP; the certificate check waits for it. */
    public void setRemoteFingerprint(DtlsFingerprint fingerprint) {
        remoteFingerprint.complete(fingerprint);
    }

    /** Sends application data in one record once connected; the caller keeps its buffer. */
    public void sendApplicationData(byte[] buf, int off, int len) throws IOException {
        DTLSTransport connected = dtls;
        if (connected == null || closed) {
            throw new IOException("the DTLS session is not connected");
        }
        connected.send(buf, off, len);
    }

    /** Ends the session (close_notify when connected) and its thread; no listener call follows. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        remoteFingerprint.completeExceptionally(new IOException("closed"));
        DTLSTransport connected = dtls;
        if (connected != null) {
            try {
                connected.close();
            } catch (IOException e) {
                // The peer will learn from consent or its own timers.
            }
        }
        transport.close();
    }

    private void run() {
        try {
            slot.begin();
            if (closed) {
                return;
            }
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            protocol.setVerifyRequests(false);
            dtls = protocol.accept(server, slot.pacing(transport));
            slot.finish();
            SrtpKeys keys = server.srtpKeys();
            deliver(() -> listener.onConnected(keys));
            read();
        } catch (IOException e) {
            if (server.closedByPeer() && dtls != null) {
                fail(DtlsFailure.CLOSED_BY_PEER, "the peer closed the DTLS association");
            } else if (slot.timedOut()) {
                fail(DtlsFailure.BUSY, "no handshake slot within " + handshakeTimeout);
            } else {
                DtlsFailure failure = server.failure();
                fail(failure != null ? failure : DtlsFailure.HANDSHAKE_FAILED, e.getMessage());
            }
        } finally {
            slot.finish();
        }
    }

    /** After the handshake: application data to the listener, until close or the peer's close_notify. */
    private void read() throws IOException {
        DTLSTransport connected = dtls;
        byte[] buf = new byte[connected.getReceiveLimit()];
        while (!closed) {
            int n = connected.receive(buf, 0, buf.length, READ_WAIT_MILLIS);
            if (n >= 0) {
                byte[] data = Arrays.copyOf(buf, n);
                deliver(() -> listener.onApplicationData(data));
            }
            if (server.closedByPeer()) {
                fail(DtlsFailure.CLOSED_BY_PEER, "the peer closed the DTLS association");
                return;
            }
        }
    }

    private void fail(DtlsFailure failure, String detail) {
        deliver(() -> listener.onFailed(failure, detail));
    }

    /** Runs {@code event} on the loop unless the session was closed meanwhile (then nobody wants it). */
    private void deliver(Runnable event) {
        if (closed) {
            return;
        }
        try {
            loop.execute(() -> {
                if (!closed) {
                    event.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // The server is shutting down.
        }
    }
}
