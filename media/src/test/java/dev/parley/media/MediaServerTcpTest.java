package dev.parley.media;

import dev.parley.common.config.ConfigLoader;
import dev.parley.common.time.Eventually;
import dev.parley.media.dtls.TestDtlsClient;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.XorMappedAddress;
import dev.parley.media.udp.PacketKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real {@link MediaServer} with its ICE-TCP port on 127.0.0.1 and a test peer over real TCP (RFC 6544, RFC 4571):
 * the check attaches the connection, DTLS and SRTP run over it, media goes back over it, the transport counts as a
 * TCP one, and closing either end closes the other. The UDP path of the same transport is in
 * {@link MediaServerUdpTest}.
 */
class MediaServerTcpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> receivedRtp = new LinkedBlockingQueue<>();
    private MediaServer server;
    private MediaTransport transport;

    @BeforeEach
    void start() throws Exception {
        // The handshake's timeout shorter than the default (10 s) for the test of a peer that moves during it.
        server = MediaServer.start(MediaSettings.from(ConfigLoader.load(
                Map.of("parley.media.host", "127.0.0.1", "parley.media.port", 0, "parley.media.tcp-port", 0,
                        "parley.media.dtls-handshake-timeout", "5s"),
                Optional.empty(), Map.of())), registry);
        transport = server.createTransport(new TransportListener() {
            @Override
            public void onConnected(MediaTransport t) {
                events.add("connected");
            }

            @Override
            public void onClosed(MediaTransport t, CloseReason reason) {
                events.add("closed " + reason);
            }
        });
        transport.setRemoteUfrag(UdpPeer.UFRAG);
        transport.setPacketReceiver(new PacketReceiver() {
            @Override
            public void onRtp(MediaTransport t, byte[] buf, int off, int len) {
                receivedRtp.add(Arrays.copyOfRange(buf, off, off + len));
                t.sendRtp(Arrays.copyOfRange(buf, off, off + len + SrtpProfile.MAX_OVERHEAD), 0, len);
            }

            @Override
            public void onRtcp(MediaTransport t, byte[] buf, int off, int len) {
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void announcesAPassiveTcpCandidateBelowTheUdpOne() {
        assertThat(server.candidates()).hasSize(2);
        IceCandidate udp = server.candidates().get(0);
        IceCandidate tcp = server.candidates().get(1);
        assertThat(udp.transport()).isEqualTo(IceCandidate.Transport.UDP);
        assertThat(tcp.sdpAttribute()).isEqualTo("candidate:t1 1 tcp 1520435199 127.0.0.1 " + server.tcpAddress().getPort()
                + " typ host tcptype passive");
        assertThat(tcp.priority()).isLessThan(udp.priority());
    }

    @Test
    void aTcpPortInUseFailsTheStartWithTheSettingsName() {
        int taken = server.tcpAddress().getPort();
        assertThatThrownBy(() -> MediaServer.start(MediaSettings.from(ConfigLoader.load(
                Map.of("parley.media.host", "127.0.0.1", "parley.media.port", 0, "parley.media.tcp-port", taken),
                Optional.empty(), Map.of())), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("parley.media.tcp-port");
    }

    @Test
    void checkThenDtlsThenSrtpOverTheConnection() throws Exception {
        try (TcpPeer peer = new TcpPeer(server.tcpAddress())) {
            StunMessage answer = peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            assertThat(answer.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            assertThat(XorMappedAddress.read(answer)).isEqualTo(peer.localAddress());
            assertThat(MessageIntegrity.shortTerm(transport.localCredentials().pwd()).verify(answer)).isTrue();

            connect(peer);
            assertThat(transport.selectedOverTcp()).isTrue();
            assertThat(transport.selectedAddress()).isEqualTo(peer.localAddress());
            assertThat(registry.get("parley.media.transports.selected").tag("type", "tcp").gauge().value()).isEqualTo(1);
            assertThat(registry.get("parley.media.transports.selected").tag("type", "udp").gauge().value()).isZero();

            for (int seq = 1; seq <= 3; seq++) {
                byte[] packet = rtp(seq);
                peer.sendRtp(packet);
                assertThat(receivedRtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("decrypted by the server").isEqualTo(packet);
                assertThat(peer.receiveMedia(PacketKind.RTP)).as("echoed over the connection").isEqualTo(packet);
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndLeavesTheConnectionUnattached() throws Exception {
        try (TcpPeer peer = new TcpPeer(server.tcpAddress())) {
            StunMessage answer = peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG)
                    .password("not-the-password-at-all").useCandidate());
            assertThat(answer.type()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
            assertThat(transport.selectedAddress()).isNull();
            peer.sendFrame(rtp(1), 1200);
            assertThat(peer.closedByServer()).as("media before a valid check closes the connection").isTrue();
        }
    }

    @Test
    void closingTheTransportClosesItsConnection() throws Exception {
        try (TcpPeer peer = new TcpPeer(server.tcpAddress())) {
            peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            connect(peer);
            transport.close();
            assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed CLOSED");
            assertThat(peer.closedByServer()).isTrue();
        }
    }

    @Test
    void closingTheSelectedConnectionClosesTheTransport() throws Exception {
        try (TcpPeer peer = new TcpPeer(server.tcpAddress())) {
            peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            connect(peer);
        }
        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed TCP_CLOSED");
        Eventually.await("transport forgotten", WAIT, () -> server.transportCount() == 0);
    }

    @Test
    void udpAndTcpChecksAtOnceTheNominatedPairWins() throws Exception {
        try (TcpPeer tcp = new TcpPeer(server.tcpAddress()); UdpPeer udp = new UdpPeer(server.localAddress())) {
            tcp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG));
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG));
            assertThat(transport.selectedOverTcp()).as("the latest valid pair while none is nominated").isFalse();
            tcp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            Eventually.await("the nominated TCP pair selected", WAIT, transport::selectedOverTcp);
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG));
            assertThat(transport.selectedOverTcp()).as("a later unnominated UDP check does not take over").isTrue();

            connect(tcp);
            byte[] packet = rtp(7);
            tcp.sendRtp(packet);
            assertThat(tcp.receiveMedia(PacketKind.RTP)).isEqualTo(packet);
            assertThat(udp.silentFor(PacketKind.RTP, 300)).isTrue();
        }
    }

    /**
     * A browser with UDP checks its UDP pair and its ICE-TCP pair at once; the TCP one, of lower priority, arrives after
     * the UDP one was selected. Media stays on UDP, and the UDP pair's nomination keeps it there (the server once put
     * media on the TCP connection while its ICE agent still had UDP selected, so the nomination changed nothing).
     */
    @Test
    void aLowerPriorityTcpCheckAfterTheUdpPairLeavesMediaOnUdp() throws Exception {
        try (TcpPeer tcp = new TcpPeer(server.tcpAddress()); UdpPeer udp = new UdpPeer(server.localAddress())) {
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG));
            tcp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).priority(TCP_HOST_PRIORITY));
            // Checks are handled in order on the media loop: once this one is answered, the TCP one has been handled.
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG));
            assertThat(transport.selectedOverTcp()).as("the TCP check of lower priority").isFalse();
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            assertThat(transport.selectedOverTcp()).as("after the UDP pair's nomination").isFalse();
            assertThat(transport.selectedAddress()).isEqualTo(udp.localAddress());
        }
    }

    /**
     * A peer whose UDP pair was nominated starts the DTLS handshake there, gets nothing back over UDP (its reason to
     * move), and nominates its TCP pair seconds later, past the server's second resend. The server sends its flight
     * over the connection at once: without that its next resend, 4 s after the second, would come after the
     * handshake's timeout (5 s here from the peer's first record), as it once did to a bot in a loaded room of 12.
     */
    @Test
    void aPeerThatMovesToTcpDuringTheHandshakeGetsTheServersFlightThereAtOnce() throws Exception {
        try (TcpPeer tcp = new TcpPeer(server.tcpAddress()); UdpPeer udp = new UdpPeer(server.localAddress())) {
            udp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            tcp.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).priority(TCP_HOST_PRIORITY));
            assertThat(transport.selectedOverTcp()).isFalse();

            TestDtlsClient client = new TestDtlsClient(server.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
            transport.setRemoteFingerprint(client.fingerprint());
            AtomicBoolean overUdp = new AtomicBoolean(true);
            CompletableFuture<TestDtlsClient> handshake = CompletableFuture.supplyAsync(() -> {
                try {
                    return tcp.handshake(client, udp, overUdp::get);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            udp.receive(PacketKind.DTLS); // the server's flight, over UDP, which this peer does not read
            Thread.sleep(3_300);
            overUdp.set(false);
            byte[] nomination = BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG)
                    .priority(TCP_HOST_PRIORITY).useCandidate().build();
            tcp.sendFrame(nomination, nomination.length); // its answer the handshake's reader skips

            assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("connected");
            handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(transport.selectedOverTcp()).isTrue();
        }
    }

    private void connect(TcpPeer peer) throws Exception {
        TestDtlsClient client = new TestDtlsClient(server.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
        transport.setRemoteFingerprint(client.fingerprint());
        peer.handshake(client);
        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("connected");
    }

    /** RFC 8445 §5.1.2.1's formula for a browser's passive-side host TCP candidate: below every UDP host one. */
    private static final int TCP_HOST_PRIORITY = (90 << 24) | (65535 << 8) | 255;

    private static byte[] rtp(int seq) {
        byte[] packet = new byte[1200];
        ThreadLocalRandom.current().nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[8] = 0x12;
        packet[9] = 0x34;
        packet[10] = 0x56;
        packet[11] = 0x78;
        return packet;
    }
}
