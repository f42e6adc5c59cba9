package dev.parley.media;

import dev.parley.common.config.ConfigLoader;
import dev.parley.common.time.Eventually;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.TestDtlsClient;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.XorMappedAddress;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.bouncycastle.tls.TlsFatalAlertReceived;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real {@link MediaServer} on 127.0.0.1 and a test peer over real UDP: ICE check (RFC 8445 §7.3),
 * DTLS-SRTP handshake (RFC 5764), SRTP and SRTCP both ways, address change, and garbage that must be
 * dropped, counted, and leave the live transport alone.
 */
class MediaServerUdpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MediaServer server;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> receivedRtp = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> receivedRtcp = new LinkedBlockingQueue<>();
    private MediaTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = MediaServer.start(MediaSettings.from(ConfigLoader.load(
                Map.of("parley.media.host", "127.0.0.1", "parley.media.port", 0, "parley.media.tcp-port", -1), Optional.empty(), Map.of())), null);
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
        transport.setPacketReceiver(new EchoReceiver());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void announcesTheBoundAddressAsItsHostCandidate() {
        assertThat(server.candidates()).singleElement().satisfies(candidate -> {
            assertThat(candidate.address()).isEqualTo(server.localAddress());
            assertThat(candidate.sdpAttribute()).isEqualTo("candidate:1 1 udp 2130706431 127.0.0.1 " + server.localAddress().getPort() + " typ host");
        });
        assertThat(transport.localCandidates()).isEqualTo(server.candidates());
        assertThat(transport.localFingerprint()).isEqualTo(server.fingerprint());
    }

    @Test
    void checkThenDtlsThenSrtpAndSrtcpBothWays() throws Exception {
        try (UdpPeer peer = new UdpPeer(server.localAddress())) {
            StunMessage answer = peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            assertThat(answer.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            assertThat(XorMappedAddress.read(answer)).isEqualTo(peer.localAddress());
            assertThat(MessageIntegrity.shortTerm(transport.localCredentials().pwd()).verify(answer)).isTrue();
            assertThat(answer.hasValidFingerprint()).isTrue();

            connect(peer);
            assertThat(transport.isConnected()).isTrue();
            assertThat(transport.selectedAddress()).isEqualTo(peer.localAddress());

            exchangeMedia(peer, peer);
            assertThat(transport.stats().rtpReceived()).isEqualTo(3);
            assertThat(transport.stats().rtpSent()).isEqualTo(3);
            assertThat(transport.stats().rtcpReceived()).isEqualTo(1);
            assertThat(transport.stats().srtpFailures()).isZero();
        }
    }

    @Test
    void aPeerWhoseCertificateIsNotItsFingerprintIsClosedOut() throws Exception {
        try (UdpPeer peer = new UdpPeer(server.localAddress())) {
            peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            transport.setRemoteFingerprint(DtlsCertificate.generate().fingerprint());
            TestDtlsClient client = new TestDtlsClient(server.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);

            assertThatThrownBy(() -> peer.handshake(client)).isInstanceOf(TlsFatalAlertReceived.class);
            assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed FINGERPRINT_MISMATCH");
            Eventually.await("transport forgotten", WAIT, () -> server.transportCount() == 0);
        }
    }

    @Test
    void garbageIsDroppedAndCountedWhileTheLiveTransportCarriesOn() throws Exception {
        DatagramCounters counters = server.counters();
        try (UdpPeer peer = new UdpPeer(server.localAddress()); UdpPeer stranger = new UdpPeer(server.localAddress())) {
            peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            connect(peer);

            byte[] random = new byte[300];
            ThreadLocalRandom.current().nextBytes(random);
            random[0] = 0x05;
            stranger.sendRaw(random);
            byte[] request = BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).build();
            stranger.sendRaw(Arrays.copyOf(request, 30));
            stranger.sendRaw(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).password("not-the-password-at-all").build());
            stranger.sendRaw(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).username("nobody:" + UdpPeer.UFRAG).build());
            stranger.sendRaw(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
            byte[] rtp = rtp(7, 1);
            stranger.sendRaw(rtp);
            byte[] oversize = new byte[1600];
            oversize[0] = (byte) 0x80;
            stranger.sendRaw(oversize);
            peer.sendRaw(Arrays.copyOf(rtp(99, 5), 40));

            Eventually.await("every piece of garbage counted", WAIT, () ->
                    counters.droppedCount(DropReason.UNKNOWN_PROTOCOL) == 1
                            && counters.droppedCount(DropReason.STUN_MALFORMED) == 1
                            && counters.droppedCount(DropReason.STUN_REJECTED) == 1
                            && counters.droppedCount(DropReason.STUN_UNKNOWN_USERNAME) == 1
                            && counters.droppedCount(DropReason.UNKNOWN_SENDER) == 2
                            && counters.droppedCount(DropReason.OVERSIZE) == 1
                            && counters.droppedCount(DropReason.SRTP_AUTH_FAILED) == 1);
            byte[] answer = stranger.receive(PacketKind.STUN);
            StunMessage unauthenticated = StunMessage.parse(answer, 0, answer.length);
            assertThat(unauthenticated.type()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
            assertThat(stranger.silentFor(PacketKind.STUN, 300)).as("nothing else was answered").isTrue();

            exchangeMedia(peer, peer);
            assertThat(events).isEmpty();
            assertThat(transport.isConnected()).isTrue();
        }
    }

    @Test
    void aPeerThatMovesToANewAddressIsFollowed() throws Exception {
        try (UdpPeer first = new UdpPeer(server.localAddress()); UdpPeer moved = new UdpPeer(server.localAddress())) {
            first.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            connect(first);

            moved.takeKeysFrom(first);
            moved.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            Eventually.await("new address selected", WAIT, () -> moved.localAddress().equals(transport.selectedAddress()));

            exchangeMedia(moved, moved);
            assertThat(first.silentFor(PacketKind.RTP, 300)).as("media no longer goes to the old address").isTrue();
        }
    }

    @Test
    void anIceRestartMovesTheTransportToNewCredentialsAndKeepsItsKeys() throws Exception {
        try (UdpPeer first = new UdpPeer(server.localAddress()); UdpPeer moved = new UdpPeer(server.localAddress())) {
            IceCredentials old = transport.localCredentials();
            first.check(BindingRequests.to(old, UdpPeer.UFRAG).useCandidate());
            connect(first);

            IceCredentials next = transport.restartIce();
            assertThat(next.ufrag()).isNotEqualTo(old.ufrag());
            assertThat(transport.localCredentials()).isEqualTo(next);
            transport.setRemoteUfrag("peerufrag2");
            assertThat(first.check(BindingRequests.to(old, UdpPeer.UFRAG)).type()).as("the old pair works meanwhile")
                    .isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);

            moved.takeKeysFrom(first);
            StunMessage answer = moved.check(BindingRequests.to(next, "peerufrag2").useCandidate());
            assertThat(MessageIntegrity.shortTerm(next.pwd()).verify(answer)).isTrue();
            Eventually.await("new address selected", WAIT, () -> moved.localAddress().equals(transport.selectedAddress()));
            exchangeMedia(moved, moved);

            first.sendRaw(BindingRequests.to(old, UdpPeer.UFRAG).build());
            Eventually.await("the old ufrag is no longer routed", WAIT,
                    () -> server.counters().droppedCount(DropReason.STUN_UNKNOWN_USERNAME) == 1);
            assertThat(events).isEmpty();
            transport.close();
            Eventually.await("transport forgotten", WAIT, () -> server.transportCount() == 0);
        }
    }

    @Test
    void closingTheServerClosesItsTransports() throws Exception {
        try (UdpPeer peer = new UdpPeer(server.localAddress())) {
            peer.check(BindingRequests.to(transport.localCredentials(), UdpPeer.UFRAG).useCandidate());
            connect(peer);
            server.close();
            assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("closed SERVER_CLOSED");
            assertThat(server.transportCount()).isZero();
        }
    }

    private void connect(UdpPeer peer) throws Exception {
        TestDtlsClient client = new TestDtlsClient(server.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
        transport.setRemoteFingerprint(client.fingerprint());
        peer.handshake(client);
        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("connected");
    }

    /** Three RTP packets and one RTCP packet up, each echoed back by the server's receiver. */
    private void exchangeMedia(UdpPeer sender, UdpPeer echoTo) throws Exception {
        for (int seq = 100; seq < 103; seq++) {
            byte[] packet = rtp(0x1234, seq);
            sender.sendRtp(packet);
            assertThat(receivedRtp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("decrypted by the server").isEqualTo(packet);
            byte[] echoed = echoTo.receiveMedia(PacketKind.RTP);
            assertThat(Arrays.copyOfRange(echoed, 12, echoed.length)).isEqualTo(Arrays.copyOfRange(packet, 12, packet.length));
            assertThat(readInt(echoed, 8)).as("echoed in the server's own SSRC").isEqualTo(0x5EED);
        }
        byte[] report = {(byte) 0x81, (byte) 201, 0, 7, 0, 0, 0x12, 0x34, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        sender.sendRtcp(report);
        assertThat(receivedRtcp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(report);
        assertThat(echoTo.receiveMedia(PacketKind.RTCP)).isEqualTo(report);
    }

    /** On the event loop: records what arrives and sends it back in another SSRC (RTP) or as is (RTCP). */
    private final class EchoReceiver implements PacketReceiver {
        @Override
        public void onRtp(MediaTransport t, byte[] buf, int off, int len) {
            receivedRtp.add(Arrays.copyOfRange(buf, off, off + len));
            byte[] echo = Arrays.copyOfRange(buf, off, off + len + SrtpProfile.MAX_OVERHEAD);
            echo[8] = 0;
            echo[9] = 0;
            echo[10] = 0x5E;
            echo[11] = (byte) 0xED;
            t.sendRtp(echo, 0, len);
        }

        @Override
        public void onRtcp(MediaTransport t, byte[] buf, int off, int len) {
            receivedRtcp.add(Arrays.copyOfRange(buf, off, off + len));
            t.sendRtcp(Arrays.copyOfRange(buf, off, off + len + SrtpProfile.MAX_OVERHEAD), 0, len);
        }
    }

    private static byte[] rtp(int ssrc, int seq) {
        byte[] packet = new byte[1200];
        ThreadLocalRandom.current().nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        return packet;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
