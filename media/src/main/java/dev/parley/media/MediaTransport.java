package dev.parley.media;

import dev.parley.common.time.Scheduler;
import dev.parley.media.dtls.DtlsFailure;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.dtls.DtlsServerSession;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.ice.IceLiteAgent;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.tcp.TcpPath;
import dev.parley.media.udp.DatagramEndpoint;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One peer's secure media transport on the SFU's UDP port, or over an ICE-TCP connection to its TCP
 * port (RFC 6544): ICE-lite, then DTLS-SRTP, then SRTP both ways (RFC 8445, RFC 5764, RFC 3711). Its
 * owner (a conference participant's publisher or subscriber connection) puts {@link #localCredentials()}, {@link #localFingerprint()} and
 * {@link #localCandidates()} in its SDP (with {@code a=ice-lite}, and {@code a=setup:passive} in an
 * answer or {@code a=setup:actpass} in an offer: the peer must be the DTLS client), gives it the peer's
 * ufrag and fingerprint from the peer's SDP, and hears {@link TransportListener#onConnected} and
 * {@link TransportListener#onClosed}. The forwarding pipeline receives decrypted media through a
 * {@link PacketReceiver} and sends with {@link #sendRtp} and {@link #sendRtcp}. {@link #restartIce} gives
 * it new credentials for an ICE restart (RFC 8445 §9); DTLS and SRTP carry on.
 *
 * <p>Paths: the peer checks its UDP pairs on the media port and, when it has them, its TCP pairs over connections
 * to the ICE-TCP port (a browser checks both at once). Each valid check proves a path, and the ICE agent's selected
 * address decides which one media goes over: a UDP address, or the TCP connection the check came over. A transport
 * closes the TCP connections it proved when it closes; when the connection its media goes over closes, media moves
 * to the latest other path the peer proved, and the transport closes only when none is left.
 *
 * <p>Threading: the transport lives on the media event loop (its {@link #scheduler()}): datagrams,
 * timers and listener calls all run there. {@link #setRemoteUfrag}, {@link #setRemoteFingerprint},
 * {@link #setPacketReceiver}, {@link #restartIce} and {@link #close} may be called from any thread and
 * take effect on the loop; the getters of local parameters and {@link #stats()} are thread-safe; {@link #sendRtp},
 * {@link #sendRtcp} and {@link #forgetOutboundSsrc} must be called on the loop (the pipeline runs
 * there). The DTLS handshake runs on a virtual thread of its own and hands its result to the loop.
 */
public final class MediaTransport implements DatagramEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MediaTransport.class);

    private enum State { NEW, CONNECTED, CLOSED }

    /** Room for any STUN response the agent writes. */
    private static final int STUN_RESPONSE_CAPACITY = 512;
    /** The most datagrams of the server's latest DTLS flight kept to send again (a flight is a few; its resends add). */
    static final int MAX_FLIGHT_DATAGRAMS = 16;

    private final TransportContext context;
    /** The ufrag it was created with: its key in the server's table, whatever restarts follow. */
    private final String id;
    private volatile IceCredentials localCredentials;
    /** After a restart, the previous generation's ufrag, routed until the new generation's first valid check. */
    private String retiringUfrag;
    private final TransportListener listener;
    private final TransportCounters counters = new TransportCounters();
    private final byte[] stunResponse = new byte[STUN_RESPONSE_CAPACITY];
    private final Set<InetSocketAddress> provedAddresses = new HashSet<>();
    /** Proved ICE-TCP connections by the peer's address, at most the agent's proved addresses. */
    private final Map<InetSocketAddress, TcpPath> tcpPaths = new HashMap<>();
    /** The TCP connection whose check the agent is handling, if it is one; proved addresses then belong to it. */
    private TcpPath checkingPath;
    private final IceLiteAgent agent;
    private volatile PacketReceiver receiver;
    private volatile SelectedPath selected;
    private volatile boolean connected;
    private State state = State.NEW;
    private DtlsServerSession dtls;
    /** DTLS records received (on the loop) and sent (on the session's thread) during the handshake, for its timeout's log. */
    private int dtlsReceived;
    private final AtomicInteger dtlsSent = new AtomicInteger();
    /**
     * During the handshake, the datagrams the server sent since the peer's latest record: its latest flight (and
     * the session's resends of it), sent again at once over a path the peer moves to. Guarded by itself: written on
     * the session's thread, read and cleared on the loop.
     */
    private final ArrayDeque<byte[]> flight = new ArrayDeque<>();
    private DtlsFingerprint remoteFingerprint;
    private SrtpChannel srtp;
    private Scheduler.Task connectTimer;
    private Scheduler.Task handshakeTimer;

    MediaTransport(TransportContext context, IceCredentials localCredentials, TransportListener listener) {
        this.context = context;
        this.id = localCredentials.ufrag();
        this.localCredentials = localCredentials;
        this.listener = listener;
        this.agent = new IceLiteAgent(localCredentials, context.loop(), context.settings().consentTimeout(), new AgentEvents());
    }

    /**
     * Makes the transport routable at once (its ufrag in the table, from the caller's thread, since the
     * peer's first check may beat any task to the loop) and starts it on the loop. False when another
     * transport has the ufrag.
     */
    boolean open() {
        if (!context.demultiplexer().registerUfrag(localCredentials.ufrag(), this)) {
            return false;
        }
        context.loop().execute(this::start);
        return true;
    }

    /** On the loop: the consent and connect timers. */
    private void start() {
        if (state == State.CLOSED) {
            return;
        }
        agent.start();
        connectTimer = context.loop().schedule(() -> {
            if (state == State.NEW) {
                close(CloseReason.CONNECT_TIMEOUT);
            }
        }, context.settings().connectTimeout());
    }

    /** For {@code a=ice-ufrag} and {@code a=ice-pwd}: the latest credentials, after any {@link #restartIce}. */
    public IceCredentials localCredentials() {
        return localCredentials;
    }

    /** The ufrag it was created with, which stays its name for the server whatever restarts follow. */
    String id() {
        return id;
    }

    /**
     * New ICE credentials for an ICE restart (RFC 8445 §9), to put in the next offer or answer; the peer's
     * new ufrag follows with {@link #setRemoteUfrag}. The new ufrag is routable at once; checks with the
     * old credentials are answered until the first valid check with the new ones. Selected address,
     * consent, DTLS and SRTP carry on.
     */
    public IceCredentials restartIce() {
        IceCredentials next;
        do {
            next = IceCredentials.random();
        } while (!context.demultiplexer().registerUfrag(next.ufrag(), this));
        IceCredentials fresh = next;
        localCredentials = fresh;
        onLoop(() -> {
            if (state == State.CLOSED) {
                context.demultiplexer().unregisterUfrag(fresh.ufrag(), this);
                return;
            }
            retiringUfrag = agent.localCredentials().ufrag();
            agent.restart(fresh);
        });
        return fresh;
    }

    /** For {@code a=fingerprint}; the same for every transport of the server. */
    public DtlsFingerprint localFingerprint() {
        return context.certificate().fingerprint();
    }

    /** For the {@code a=candidate} lines (and {@code a=ice-lite} at session level). */
    public List<IceCandidate> localCandidates() {
        return context.candidates();
    }

    /** The media event loop this transport lives on, for owners that need to act there. */
    public Scheduler scheduler() {
        return context.loop();
    }

    /** Whether media can flow (see {@link TransportListener#onConnected}). */
    public boolean isConnected() {
        return connected;
    }

    /** Where media is sent, or null before the first valid ICE check. */
    public InetSocketAddress selectedAddress() {
        SelectedPath path = selected;
        return path == null ? null : path.address();
    }

    /** The selected path, or null before the first valid ICE check. */
    SelectedPath selectedPath() {
        return selected;
    }

    /** Whether media goes over an ICE-TCP connection (RFC 6544) rather than UDP. */
    public boolean selectedOverTcp() {
        SelectedPath path = selected;
        return path != null && path.tcp() != null;
    }

    public TransportStats stats() {
        return counters.snapshot();
    }

    /** The peer's {@code a=ice-ufrag}; checks are accepted before it is known (RFC 8445 §7.3). */
    public void setRemoteUfrag(String ufrag) {
        IceCredentials.requireValidUfrag(ufrag);
        onLoop(() -> agent.setRemoteUfrag(ufrag));
    }

    /** The peer's {@code a=fingerprint}; the DTLS handshake waits for it before accepting the peer's certificate. */
    public void setRemoteFingerprint(DtlsFingerprint fingerprint) {
        onLoop(() -> {
            remoteFingerprint = fingerprint;
            if (dtls != null) {
                dtls.setRemoteFingerprint(fingerprint);
            }
        });
    }

    /** Where decrypted media goes from now on; until one is set it is dropped and counted. */
    public void setPacketReceiver(PacketReceiver packetReceiver) {
        this.receiver = packetReceiver;
    }

    /**
     * Protects the RTP packet in {@code buf[off, off+len)} in place and sends it to the peer. The buffer
     * needs {@link dev.parley.media.srtp.SrtpProfile#MAX_OVERHEAD} bytes of room after the packet for
     * the tag. The caller keeps the buffer (the bytes are copied out before this returns); its content
     * is ciphertext afterwards. Returns false when not sent: not connected, or SRTP refused the packet.
     * Event loop only.
     */
    public boolean sendRtp(byte[] buf, int off, int len) {
        requireLoop();
        return connected && srtp.sendRtp(buf, off, len, selected);
    }

    /** As {@link #sendRtp}, for an RTCP compound packet (SRTCP adds its index and tag). Event loop only. */
    public boolean sendRtcp(byte[] buf, int off, int len) {
        requireLoop();
        return connected && srtp.sendRtcp(buf, off, len, selected);
    }

    /**
     * Sends one SCTP packet of the data channels (RFC 8261) as a DTLS record; the caller keeps the buffer. Returns
     * false when not sent: not connected, or DTLS failed. Event loop only.
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        requireLoop();
        if (!connected || dtls == null) {
            return false;
        }
        try {
            dtls.sendApplicationData(buf, off, len);
            return true;
        } catch (IOException e) {
            return false; // the session failed: its listener closes the transport
        }
    }

    /** Forgets the SRTP state of an outgoing SSRC the pipeline retired, so turnover never hits the per-transport bound. Event loop only. */
    public void forgetOutboundSsrc(int ssrc) {
        requireLoop();
        if (srtp != null) {
            srtp.forgetOutbound(ssrc);
        }
    }

    /** Closes the transport; its listener hears {@link CloseReason#CLOSED} unless it had closed already. */
    public void close() {
        onLoop(() -> close(CloseReason.CLOSED));
    }

    @Override
    public boolean isNamedBy(StunMessage request) {
        return agent.isNamedBy(request);
    }

    @Override
    public void onStun(StunMessage message, InetSocketAddress from) {
        if (message.type() != StunMessageType.BINDING_REQUEST) {
            context.counters().dropped(DropReason.STUN_NOT_REQUEST);
            return;
        }
        int length = answer(message, from);
        if (length > 0) {
            context.sender().send(stunResponse, 0, length, from, PacketKind.STUN);
        }
    }

    /**
     * A check over an ICE-TCP connection: answered over it, and when valid the connection becomes one of this
     * transport's paths (RFC 6544 §7.2), replacing an earlier connection from the same peer address.
     */
    @Override
    public void onStun(StunMessage message, TcpPath path) {
        int length;
        checkingPath = path;
        try {
            length = answer(message, path.remoteAddress());
        } finally {
            checkingPath = null;
        }
        if (length == 0) {
            return;
        }
        path.send(stunResponse, 0, length, PacketKind.STUN);
        boolean valid = (((stunResponse[0] & 0xFF) << 8) | (stunResponse[1] & 0xFF)) == StunMessageType.BINDING_SUCCESS_RESPONSE;
        InetSocketAddress address = path.remoteAddress();
        if (valid && state != State.CLOSED && tcpPaths.get(address) != path) {
            TcpPath replaced = tcpPaths.put(address, path);
            path.attach(this);
            SelectedPath current = selected;
            // Media moves to the new connection only from the one it replaces; a first connection from an address is
            // selected, or not, by the agent (a UDP path selected before it has no connection, and stays selected).
            if (replaced != null && current != null && current.tcp() == replaced) {
                select(new SelectedPath(address, path));
            }
            if (replaced != null) {
                replaced.close();
            }
        }
    }

    @Override
    public void onPathClosed(TcpPath path) {
        InetSocketAddress address = path.remoteAddress();
        if (!tcpPaths.remove(address, path)) {
            return;
        }
        // The peer may close a connection it no longer uses before its nomination of another pair reaches us: media
        // moves to the latest other valid path, and only a transport left with none closes.
        if (!agent.forget(address) && state != State.CLOSED) {
            LOG.info("{}: the peer closed its ICE-TCP connection from {}, its only valid path", this, address);
            close(CloseReason.TCP_CLOSED);
        }
    }

    /** The agent's answer to a Binding request, in {@link #stunResponse}; its length, 0 when none is due. */
    private int answer(StunMessage request, InetSocketAddress from) {
        int length = agent.handleRequest(request, from, stunResponse, 0, stunResponse.length);
        if (length == 0) {
            context.counters().dropped(DropReason.STUN_MALFORMED);
            return 0;
        }
        if ((((stunResponse[0] & 0xFF) << 8) | (stunResponse[1] & 0xFF)) == StunMessageType.BINDING_ERROR_RESPONSE) {
            context.counters().dropped(DropReason.STUN_REJECTED);
        }
        return length;
    }

    @Override
    public void onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
        if (state == State.CLOSED) {
            context.counters().dropped(DropReason.DTLS_QUEUE_FULL);
            return;
        }
        if (dtls == null) {
            dtls = new DtlsServerSession(context.certificate(), context.settings().dtlsQueueCapacity(), context.settings().maxDatagramSize(),
                    this::sendDtls, context.handshakePermits(), context.settings().dtlsHandshakeTimeout(), context.loop(), new DtlsEvents());
            if (remoteFingerprint != null) {
                dtls.setRemoteFingerprint(remoteFingerprint);
            }
            handshakeTimer = context.loop().schedule(() -> {
                if (state == State.NEW) {
                    LOG.info("{}: DTLS handshake not done {} after its first record ({} records received, {} sent{})",
                            this, context.settings().dtlsHandshakeTimeout(), dtlsReceived, dtlsSent.get(),
                            remoteFingerprint == null ? ", no SDP fingerprint" : "");
                    close(CloseReason.DTLS_HANDSHAKE_TIMEOUT);
                }
            }, context.settings().dtlsHandshakeTimeout());
        }
        if (state == State.NEW) {
            dtlsReceived++;
            // What the server sends next answers this record: the flight before it is no longer the latest.
            synchronized (flight) {
                flight.clear();
            }
        }
        if (!dtls.offer(Arrays.copyOfRange(buf, off, off + len))) {
            context.counters().dropped(DropReason.DTLS_QUEUE_FULL);
        }
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
        if (srtp == null) {
            context.counters().dropped(DropReason.SRTP_NOT_READY);
        } else {
            srtp.receiveRtp(this, receiver, buf, off, len);
        }
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
        if (srtp == null) {
            context.counters().dropped(DropReason.SRTP_NOT_READY);
        } else {
            srtp.receiveRtcp(this, receiver, buf, off, len);
        }
    }

    /** The DTLS thread's records, over the peer's selected path; during the handshake also kept as the flight. */
    private void sendDtls(byte[] buf, int off, int len) {
        if (!connected) {
            synchronized (flight) {
                if (flight.size() == MAX_FLIGHT_DATAGRAMS) {
                    flight.removeFirst();
                }
                flight.addLast(Arrays.copyOfRange(buf, off, off + len));
            }
        }
        SelectedPath path = selected;
        if (path != null) {
            if (!connected) {
                dtlsSent.incrementAndGet();
            }
            path.send(context.sender(), buf, off, len, PacketKind.DTLS);
        }
    }

    /**
     * On the loop: media goes over {@code next} from now on. A peer that moves to another path during the DTLS
     * handshake may never have got the server's flight over the old one (the reason it moved, often), and the
     * session would send it again only when its backoff timer fires, seconds later and maybe after the handshake's
     * timeout: the flight goes over the new path at once.
     */
    private void select(SelectedPath next) {
        SelectedPath previous = selected;
        selected = next;
        if (state != State.NEW || previous == null || previous.equals(next)) {
            return;
        }
        List<byte[]> again;
        synchronized (flight) {
            again = List.copyOf(flight);
        }
        for (byte[] datagram : again) {
            next.send(context.sender(), datagram, 0, datagram.length, PacketKind.DTLS);
        }
    }

    /** Closes with {@code reason}; on the loop. */
    void closeOnLoop(CloseReason reason) {
        close(reason);
    }

    private void close(CloseReason reason) {
        if (state == State.CLOSED) {
            return;
        }
        // A peer that went silent is said here (DTLS failures are logged where they happen).
        if (reason == CloseReason.CONNECT_TIMEOUT) {
            LOG.info("{}: closing: not connected {} after its creation ({} valid ICE paths, {} DTLS records received)",
                    this, context.settings().connectTimeout(), provedAddresses.size() + tcpPaths.size(), dtlsReceived);
        } else if (reason == CloseReason.CONSENT_EXPIRED) {
            LOG.info("{}: closing: ICE consent expired", this);
        }
        state = State.CLOSED;
        connected = false;
        agent.close();
        cancel(connectTimer);
        cancel(handshakeTimer);
        if (dtls != null) {
            dtls.close();
        }
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
        context.demultiplexer().unregisterUfrag(agent.localCredentials().ufrag(), this);
        if (retiringUfrag != null) {
            context.demultiplexer().unregisterUfrag(retiringUfrag, this);
        }
        for (InetSocketAddress address : provedAddresses) {
            context.demultiplexer().unregisterAddress(address, this);
        }
        provedAddresses.clear();
        for (TcpPath path : List.copyOf(tcpPaths.values())) {
            path.close();
        }
        tcpPaths.clear();
        context.onClosed().accept(this, reason);
        listener.onClosed(this, reason);
    }

    private void connect(SrtpKeys keys) {
        if (state != State.NEW) {
            keys.wipe();
            return;
        }
        LOG.info("{}: connected with {}", this, keys.profile());
        srtp = new SrtpChannel(keys, context.settings().maxSsrcsPerTransport(), context.settings().srtpLibrary(), context.sender(), context.counters(), counters);
        state = State.CONNECTED;
        connected = true;
        synchronized (flight) {
            flight.clear();
        }
        cancel(connectTimer);
        cancel(handshakeTimer);
        listener.onConnected(this);
    }

    private static void cancel(Scheduler.Task task) {
        if (task != null) {
            task.cancel();
        }
    }

    private void onLoop(Runnable action) {
        if (context.loop().inThread()) {
            action.run();
        } else {
            context.loop().execute(action);
        }
    }

    private void requireLoop() {
        if (!context.loop().inThread()) {
            throw new IllegalStateException("sendRtp, sendRtcp and forgetOutboundSsrc run on the media event loop");
        }
    }

    @Override
    public String toString() {
        SelectedPath path = selected;
        return "MediaTransport[" + id + " " + state + (path == null ? "" : " " + path) + "]";
    }

    /** The ICE agent's events: routing follows the proved addresses, media the selected one. */
    private final class AgentEvents implements IceLiteAgent.Listener {
        @Override
        public void onAddressValidated(InetSocketAddress address) {
            if (checkingPath != null) {
                return;
            }
            provedAddresses.add(address);
            context.demultiplexer().registerAddress(address, MediaTransport.this);
        }

        @Override
        public void onAddressForgotten(InetSocketAddress address) {
            TcpPath path = tcpPaths.remove(address);
            if (path != null) {
                path.close();
            }
            if (provedAddresses.remove(address)) {
                context.demultiplexer().unregisterAddress(address, MediaTransport.this);
            }
        }

        @Override
        public void onSelectedAddress(InetSocketAddress address) {
            SelectedPath previous = selected;
            select(new SelectedPath(address, checkingPath != null ? checkingPath : tcpPaths.get(address)));
            if (previous != null && (previous.tcp() == null) != (selected.tcp() == null)) {
                LOG.info("{}: media moves from {} ({})", MediaTransport.this, previous, state == State.NEW ? "during the DTLS handshake" : "connected");
            }
        }

        @Override
        public void onConsentExpired() {
            close(CloseReason.CONSENT_EXPIRED);
        }

        @Override
        public void onGenerationRetired(String ufrag) {
            context.demultiplexer().unregisterUfrag(ufrag, MediaTransport.this);
            if (ufrag.equals(retiringUfrag)) {
                retiringUfrag = null;
            }
        }
    }

    /** The DTLS session's results, delivered on the loop. */
    private final class DtlsEvents implements DtlsServerSession.Listener {
        @Override
        public void onConnected(SrtpKeys keys) {
            connect(keys);
        }

        @Override
        public void onApplicationData(byte[] data) {
            PacketReceiver current = receiver;
            if (state != State.CONNECTED || current == null || !current.onApplicationData(MediaTransport.this, data)) {
                context.counters().dropped(DropReason.DTLS_APPLICATION_DATA);
            }
        }

        @Override
        public void onFailed(DtlsFailure failure, String detail) {
            LOG.info("{}: DTLS {}: {}", MediaTransport.this, failure, detail);
            close(switch (failure) {
                case FINGERPRINT_MISMATCH -> CloseReason.FINGERPRINT_MISMATCH;
                case CLOSED_BY_PEER -> CloseReason.PEER_CLOSED;
                default -> CloseReason.DTLS_FAILED;
            });
        }
    }
}
