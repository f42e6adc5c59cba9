package dev.parley.media;

import dev.parley.common.time.Scheduler;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.srtp.SrtpCiphers;
import dev.parley.media.tcp.IceTcpListener;
import dev.parley.media.tcp.TcpCounters;
import dev.parley.media.udp.AnnouncedAddresses;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.Demultiplexer;
import dev.parley.media.udp.EventLoopScheduler;
import dev.parley.media.udp.MediaSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SFU's media plane: one UDP port, the ICE-TCP port for peers whose network blocks UDP (RFC 6544; unless
 * {@code tcp-port} is -1), and the secure transports on them. {@link #start} binds the ports,
 * makes the DTLS certificate of this run and warms the SRTP ciphers; {@link #createTransport} makes a
 * transport for one peer connection; {@link #close} closes them all and the port.
 *
 * <pre>{@code
 * MediaServer media = MediaServer.start(MediaSettings.from(config), registry);
 * MediaTransport transport = media.createTransport(listener);
 * // SDP: transport.localCredentials(), localFingerprint(), localCandidates(); a=ice-lite; a=setup:passive (answer) or actpass (offer)
 * transport.setRemoteUfrag(remoteUfrag);
 * transport.setRemoteFingerprint(DtlsFingerprint.parse(remoteFingerprint));
 * transport.setPacketReceiver(pipeline);     // decrypted RTP/RTCP in; transport.sendRtp/sendRtcp out
 * }</pre>
 *
 * <p>Threading: one event loop thread runs every transport's packets and timers (see
 * {@link MediaSocket}), the ICE-TCP connections' too; DTLS handshakes run on virtual threads, at most
 * {@code dtls-max-concurrent-handshakes} computing at once. This class's methods are thread-safe.
 */
public final class MediaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);

    private final MediaSocket socket;
    /** Null when ICE-TCP is off. */
    private final IceTcpListener tcp;
    private final TransportContext context;
    private final Map<String, MediaTransport> transports = new ConcurrentHashMap<>();
    private final DatagramCounters counters;
    private final Map<CloseReason, Counter> closes = new EnumMap<>(CloseReason.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    private MediaServer(MediaSocket socket, IceTcpListener tcp, Scheduler loop, Demultiplexer demultiplexer, DatagramCounters counters,
            MediaSettings settings, List<IceCandidate> candidates, MeterRegistry registry) {
        this.socket = socket;
        this.tcp = tcp;
        this.counters = counters;
        this.context = new TransportContext(loop, socket, demultiplexer, counters,
                DtlsCertificate.generate(), new Semaphore(settings.dtlsMaxConcurrentHandshakes()), settings, candidates, this::closed);
        Gauge.builder("parley.media.transports", transports, Map::size).description("Open media transports").register(registry);
        Gauge.builder("parley.media.transports.selected", transports, all -> selected(all, false)).tag("type", "udp")
                .description("Open media transports by the protocol of the path their media goes over").register(registry);
        Gauge.builder("parley.media.transports.selected", transports, all -> selected(all, true)).tag("type", "tcp")
                .description("Open media transports by the protocol of the path their media goes over").register(registry);
        for (CloseReason reason : CloseReason.values()) {
            closes.put(reason, Counter.builder("parley.media.transports.closed").tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("Media transports closed, by reason").register(registry));
        }
    }

    /**
     * Binds the media port and gets ready for transports.
     *
     * @param registry where the media counters go; null keeps them private to this server
     * @throws IllegalArgumentException when an announced address does not resolve
     */
    public static MediaServer start(MediaSettings settings, MeterRegistry registry) throws InterruptedException {
        String srtp = settings.srtpLibrary().describe();
        MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
        DatagramCounters counters = new DatagramCounters(meters);
        Demultiplexer demultiplexer = new Demultiplexer(counters);
        MediaSocket socket = MediaSocket.bind(settings.host(), settings.port(), settings.maxDatagramSize(), settings.socketBufferSize(),
                settings.sendQueueLimit(), demultiplexer, counters);
        Scheduler loop = new EventLoopScheduler(socket.eventLoop());
        IceTcpListener tcp = null;
        try {
            if (settings.iceTcp()) {
                tcp = IceTcpListener.bind(settings.host(), settings.tcpPort(), socket.eventLoop(), socket.epoll(), loop,
                        settings.maxDatagramSize(), settings.tcpCheckTimeout(), settings.tcpMaxPendingConnections(),
                        settings.tcpSendQueueLimit(), demultiplexer, counters, new TcpCounters(meters));
            }
            InetSocketAddress bound = socket.localAddress();
            List<InetAddress> announced = AnnouncedAddresses.resolve(settings.announcedAddresses(), bound.getAddress());
            List<IceCandidate> candidates = new ArrayList<>();
            for (int i = 0; i < announced.size(); i++) {
                candidates.add(IceCandidate.host(i, new InetSocketAddress(announced.get(i), bound.getPort())));
            }
            for (int i = 0; tcp != null && i < announced.size(); i++) {
                candidates.add(IceCandidate.passiveTcp(i, new InetSocketAddress(announced.get(i), tcp.localAddress().getPort())));
            }
            MediaServer server = new MediaServer(socket, tcp, loop, demultiplexer, counters, settings, List.copyOf(candidates), meters);
            Thread.ofVirtual().name("parley-srtp-warm-up").start(() -> SrtpCiphers.warmUp(settings.srtpLibrary()));
            LOG.info("media on udp {} ({}){}, candidates {}", bound,
                    socket.readsNatively() ? "epoll, read by recvmmsg" : socket.epoll() ? "epoll" : "nio",
                    tcp == null ? "" : " and tcp " + tcp.localAddress(), candidates.stream().map(IceCandidate::sdpAttribute).toList());
            LOG.info(srtp);
            return server;
        } catch (Exception e) {
            if (tcp != null) {
                tcp.close();
            }
            socket.close();
            throw e;
        }
    }

    /** A new transport for one peer connection, with fresh ICE credentials. */
    public MediaTransport createTransport(TransportListener listener) {
        while (true) {
            MediaTransport transport = new MediaTransport(context, IceCredentials.random(), listener);
            String ufrag = transport.id();
            if (transports.putIfAbsent(ufrag, transport) == null) {
                if (transport.open()) {
                    return transport;
                }
                transports.remove(ufrag, transport);
            }
        }
    }

    /** The bound address of the media port. */
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    /** The bound address of the ICE-TCP port, or null when ICE-TCP is off. */
    public InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
    }

    /** This run's DTLS certificate fingerprint, which every transport presents. */
    public DtlsFingerprint fingerprint() {
        return context.certificate().fingerprint();
    }

    /** The host candidates every transport announces. */
    public List<IceCandidate> candidates() {
        return context.candidates();
    }

    /** The media event loop, where every transport's packets and timers run (and the forwarding that feeds them). */
    public Scheduler loop() {
        return context.loop();
    }

    /** Open transports. */
    public int transportCount() {
        return transports.size();
    }

    /** The media port's counters (datagrams by kind, drops by reason). */
    public DatagramCounters counters() {
        return counters;
    }

    /** Closes every transport ({@link CloseReason#SERVER_CLOSED}), then the ports; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> closedAll = CompletableFuture.runAsync(() -> {
            for (MediaTransport transport : List.copyOf(transports.values())) {
                transport.closeOnLoop(CloseReason.SERVER_CLOSED);
            }
        }, context.loop());
        try {
            closedAll.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("media transports did not all close", e);
        }
        if (tcp != null) {
            tcp.close();
        }
        socket.close();
    }

    private static int selected(Map<String, MediaTransport> transports, boolean overTcp) {
        int count = 0;
        for (MediaTransport transport : transports.values()) {
            SelectedPath path = transport.selectedPath();
            if (path != null && (path.tcp() != null) == overTcp) {
                count++;
            }
        }
        return count;
    }

    private void closed(MediaTransport transport, CloseReason reason) {
        transports.remove(transport.id(), transport);
        closes.get(reason).increment();
    }
}
