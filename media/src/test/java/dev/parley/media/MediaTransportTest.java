package dev.parley.media;

import dev.parley.common.time.FakeScheduler;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.srtp.SrtpLibrary;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.tcp.TcpPath;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DatagramEndpoint;
import dev.parley.media.udp.DatagramSender;
import dev.parley.media.udp.Demultiplexer;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/** A transport's life on a fake clock: ICE, consent expiry, timeouts, routing (RFC 8445 §7.3, RFC 7675). */
class MediaTransportTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 61000);
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    private final FakeScheduler clock = new FakeScheduler();
    private final DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
    private final Demultiplexer demultiplexer = new Demultiplexer(counters);
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<CloseReason> serverSawClosed = new ArrayList<>();
    private final MediaSettings settings = new MediaSettings("127.0.0.1", 0, List.of(), 1500, 1 << 20, 1 << 20,
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(10), 4, 16, 64,
            -1, Duration.ofSeconds(10), 16, 1 << 20, SrtpLibrary.AUTO);
    private final TransportContext context = new TransportContext(clock, recordingSender(), demultiplexer, counters, CERTIFICATE,
            new Semaphore(4), settings, List.of(IceCandidate.host(0, new InetSocketAddress("127.0.0.1", 40000))),
            (transport, reason) -> serverSawClosed.add(reason));
    private final MediaTransport transport = new MediaTransport(context, IceCredentials.random(), new TransportListener() {
        @Override
        public void onConnected(MediaTransport t) {
            events.add("connected");
        }

        @Override
        public void onClosed(MediaTransport t, CloseReason reason) {
            events.add("closed " + reason);
        }
    });

    private record Sent(byte[] bytes, InetSocketAddress to, PacketKind kind) {
    }

    @Test
    void aValidCheckIsAnsweredAndMakesThePeerKnown() throws Exception {
        open(transport);
        check(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build(), PEER);

        assertThat(sent).hasSize(1);
        StunMessage response = StunMessage.parse(sent.getFirst().bytes(), 0, sent.getFirst().bytes().length);
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(sent.getFirst().to()).isEqualTo(PEER);
        assertThat(transport.selectedAddress()).isEqualTo(PEER);

        byte[] rtp = rtpFrom();
        demultiplexer.dispatch(rtp, 0, rtp.length, PEER);
        assertThat(counters.droppedCount(DropReason.SRTP_NOT_READY)).as("known sender, but no keys yet").isEqualTo(1);
        assertThat(counters.droppedCount(DropReason.UNKNOWN_SENDER)).isZero();
    }

    @Test
    void aCheckWithWrongCredentialsIsRejectedAndCounted() throws Exception {
        open(transport);
        check(BindingRequests.to(transport.localCredentials(), "peer").password("an-entirely-wrong-password").build(), PEER);

        StunMessage response = StunMessage.parse(sent.getFirst().bytes(), 0, sent.getFirst().bytes().length);
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(counters.droppedCount(DropReason.STUN_REJECTED)).isEqualTo(1);
        byte[] rtp = rtpFrom();
        demultiplexer.dispatch(rtp, 0, rtp.length, PEER);
        assertThat(counters.droppedCount(DropReason.UNKNOWN_SENDER)).as("a failed check proves nothing").isEqualTo(1);
    }

    @Test
    void checksAloneDoNotKeepAnUnconnectedTransportPastTheConnectTimeout() {
        open(transport);
        for (int i = 0; i < 3; i++) {
            check(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build(), PEER);
            clock.advance(Duration.ofSeconds(5));
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(events).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(events).containsExactly("closed CONNECT_TIMEOUT");
    }

    @Test
    void silenceForTheConsentTimeoutClosesWithConsentExpired() {
        MediaSettings longConnect = new MediaSettings("127.0.0.1", 0, List.of(), 1500, 1 << 20, 1 << 20,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(10), 4, 16, 64,
            -1, Duration.ofSeconds(10), 16, 1 << 20, SrtpLibrary.AUTO);
        MediaTransport patient = new MediaTransport(withSettings(longConnect), IceCredentials.random(), recordingListener());
        open(patient);
        check(BindingRequests.to(patient.localCredentials(), "peer").useCandidate().build(), PEER);
        clock.advance(Duration.ofSeconds(20));
        check(BindingRequests.to(patient.localCredentials(), "peer").build(), PEER);
        clock.advance(Duration.ofSeconds(29));
        assertThat(events).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(events).containsExactly("closed CONSENT_EXPIRED");
        assertThat(serverSawClosed).containsExactly(CloseReason.CONSENT_EXPIRED);

        // Gone from the routing table: its checks and its media no longer reach anything.
        check(BindingRequests.to(patient.localCredentials(), "peer").build(), PEER);
        assertThat(counters.droppedCount(DropReason.STUN_UNKNOWN_USERNAME)).isEqualTo(1);
        byte[] rtp = rtpFrom();
        demultiplexer.dispatch(rtp, 0, rtp.length, PEER);
        assertThat(counters.droppedCount(DropReason.UNKNOWN_SENDER)).isEqualTo(1);
        assertThat(clock.pendingTasks()).as("no timer left behind").isZero();
    }

    @Test
    void aDtlsHandshakeThatDoesNotFinishClosesTheTransport() {
        MediaSettings longConnect = new MediaSettings("127.0.0.1", 0, List.of(), 1500, 1 << 20, 1 << 20,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(10), 4, 16, 64,
            -1, Duration.ofSeconds(10), 16, 1 << 20, SrtpLibrary.AUTO);
        MediaTransport stalled = new MediaTransport(withSettings(longConnect), IceCredentials.random(), recordingListener());
        open(stalled);
        check(BindingRequests.to(stalled.localCredentials(), "peer").useCandidate().build(), PEER);
        byte[] notAClientHello = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
        demultiplexer.dispatch(notAClientHello, 0, notAClientHello.length, PEER);

        clock.advance(Duration.ofSeconds(9));
        assertThat(events).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(events).containsExactly("closed DTLS_HANDSHAKE_TIMEOUT");
    }

    @Test
    void closingTellsTheListenerOnceAndReleasesRouting() {
        open(transport);
        check(BindingRequests.to(transport.localCredentials(), "peer").build(), PEER);
        transport.close();
        transport.close();
        clock.runPending();

        assertThat(events).containsExactly("closed CLOSED");
        assertThat(demultiplexer.endpoints()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(events).containsExactly("closed CLOSED");
        assertThat(transport.sendRtp(new byte[100], 0, 20)).as("nothing is sent once closed").isFalse();
    }

    @Test
    void aValidCheckOverTcpMakesTheConnectionThePathMediaTakes() throws Exception {
        open(transport);
        FakeTcpPath tcp = new FakeTcpPath(PEER);
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").password("an-entirely-wrong-password").build()), tcp);
        assertThat(tcp.attached).as("a rejected check attaches nothing").isFalse();
        assertThat(transport.selectedAddress()).isNull();

        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build()), tcp);
        assertThat(tcp.attached).isTrue();
        assertThat(tcp.sent).extracting(Sent::kind).containsExactly(PacketKind.STUN, PacketKind.STUN);
        assertThat(sent).as("nothing over UDP").isEmpty();
        assertThat(transport.selectedOverTcp()).isTrue();
        byte[] rtp = rtpFrom();
        demultiplexer.dispatch(rtp, 0, rtp.length, PEER);
        assertThat(counters.droppedCount(DropReason.UNKNOWN_SENDER)).as("a TCP path routes nothing on UDP").isEqualTo(1);
    }

    @Test
    void aNewConnectionFromTheSameAddressReplacesTheOldOneAndItsClosingIsNoLoss() throws Exception {
        open(transport);
        FakeTcpPath first = new FakeTcpPath(PEER);
        FakeTcpPath second = new FakeTcpPath(PEER);
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build()), first);
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build()), second);

        assertThat(first.closed).isTrue();
        transport.onPathClosed(first);
        assertThat(events).isEmpty();
        assertThat(transport.selectedPath().tcp()).isSameAs(second);
        transport.onPathClosed(second);
        assertThat(events).containsExactly("closed TCP_CLOSED");
    }

    @Test
    void anUnselectedConnectionClosingLeavesTheTransportAloneAndClosingTheTransportClosesItsConnections() throws Exception {
        open(transport);
        FakeTcpPath tcp = new FakeTcpPath(new InetSocketAddress("198.51.100.20", 61001));
        FakeTcpPath other = new FakeTcpPath(new InetSocketAddress("198.51.100.20", 61002));
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").build()), tcp);
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").build()), other);
        check(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build(), PEER);
        assertThat(transport.selectedOverTcp()).as("the nominated UDP pair").isFalse();

        transport.onPathClosed(tcp);
        assertThat(events).isEmpty();
        transport.close();
        clock.runPending();
        assertThat(other.closed).isTrue();
        assertThat(events).containsExactly("closed CLOSED");
    }

    @Test
    void theSelectedConnectionClosingMovesMediaToTheLatestOtherValidPathInsteadOfClosing() throws Exception {
        open(transport);
        check(BindingRequests.to(transport.localCredentials(), "peer").build(), PEER);
        FakeTcpPath tcp = new FakeTcpPath(new InetSocketAddress("198.51.100.20", 61001));
        transport.onStun(parse(BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build()), tcp);
        assertThat(transport.selectedOverTcp()).as("the nominated TCP pair").isTrue();

        // The peer moved to the UDP pair and dropped the connection before its nomination of UDP arrived.
        transport.onPathClosed(tcp);
        assertThat(events).as("a valid UDP path remains").isEmpty();
        assertThat(transport.selectedOverTcp()).isFalse();
        assertThat(transport.selectedAddress()).isEqualTo(PEER);
    }

    /** An ICE-TCP connection as the transport sees it. */
    private static final class FakeTcpPath implements TcpPath {
        final InetSocketAddress remote;
        final List<Sent> sent = new ArrayList<>();
        boolean attached;
        boolean closed;

        FakeTcpPath(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public boolean send(byte[] buf, int off, int len, PacketKind kind) {
            sent.add(new Sent(java.util.Arrays.copyOfRange(buf, off, off + len), remote, kind));
            return true;
        }

        @Override
        public void attach(DatagramEndpoint endpoint) {
            attached = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static StunMessage parse(byte[] request) throws Exception {
        return StunMessage.parse(request, 0, request.length);
    }

    private TransportContext withSettings(MediaSettings other) {
        return new TransportContext(clock, context.sender(), demultiplexer, counters, CERTIFICATE, new Semaphore(4), other,
                context.candidates(), context.onClosed());
    }

    private TransportListener recordingListener() {
        return new TransportListener() {
            @Override
            public void onConnected(MediaTransport t) {
                events.add("connected");
            }

            @Override
            public void onClosed(MediaTransport t, CloseReason reason) {
                events.add("closed " + reason);
            }
        };
    }

    private void open(MediaTransport t) {
        assertThat(t.open()).isTrue();
        clock.runPending();
    }

    private void check(byte[] request, InetSocketAddress from) {
        demultiplexer.dispatch(request, 0, request.length, from);
    }

    private DatagramSender recordingSender() {
        return (buf, off, len, to, kind) -> {
            sent.add(new Sent(java.util.Arrays.copyOfRange(buf, off, off + len), to, kind));
            return true;
        };
    }

    private static byte[] rtpFrom() {
        byte[] rtp = new byte[60];
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        return rtp;
    }
}
