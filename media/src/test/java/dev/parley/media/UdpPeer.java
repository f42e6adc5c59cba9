package dev.parley.media;

import dev.parley.media.dtls.TestDtlsClient;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.udp.PacketKind;
import org.bouncycastle.tls.UDPTransport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A browser-like peer of the media server over real UDP on 127.0.0.1: it sends ICE checks, runs the
 * DTLS handshake as client (a=setup:active) and exchanges SRTP with the keys it exported.
 */
final class UdpPeer implements AutoCloseable {

    static final String UFRAG = "peerufrag";

    private final DatagramSocket socket;
    private SrtpSender srtpSender;
    private SrtpReceiver srtpReceiver;

    UdpPeer(InetSocketAddress server) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(server);
        socket.setSoTimeout(5_000);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void sendRaw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }

    /** Sends a check and returns the STUN answer. */
    StunMessage check(BindingRequests request) throws IOException, StunParseException {
        sendRaw(request.build());
        byte[] answer = receive(PacketKind.STUN);
        return StunMessage.parse(answer, 0, answer.length);
    }

    /** Handshakes as DTLS client; afterwards SRTP is keyed both ways. Returns the client for its keys. */
    TestDtlsClient handshake(TestDtlsClient client) throws IOException {
        client.connect(new UDPTransport(socket, 1500));
        socket.setSoTimeout(5_000);
        SrtpKeys keys = client.srtpKeys();
        srtpSender = new SrtpSender(keys, 16);
        srtpReceiver = new SrtpReceiver(keys, 16);
        return client;
    }

    void sendRtp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
        int length = srtpSender.protectRtp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, length));
    }

    void sendRtcp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
        int length = srtpSender.protectRtcp(buf, 0, plain.length);
        socket.send(new DatagramPacket(buf, length));
    }

    /** The next SRTP (or SRTCP, by {@code kind}) packet, decrypted. */
    byte[] receiveMedia(PacketKind kind) throws IOException {
        byte[] packet = receive(kind);
        int length = kind == PacketKind.RTP ? srtpReceiver.unprotectRtp(packet, 0, packet.length)
                : srtpReceiver.unprotectRtcp(packet, 0, packet.length);
        if (length < 0) {
            throw new IOException("could not unprotect: " + length);
        }
        return Arrays.copyOf(packet, length);
    }

    /** The next datagram of {@code kind}, skipping others; fails after the socket timeout. */
    byte[] receive(PacketKind kind) throws IOException {
        byte[] buf = new byte[2048];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            socket.receive(packet);
            if (PacketKind.classify(buf, 0, packet.getLength()) == kind) {
                return Arrays.copyOf(buf, packet.getLength());
            }
        }
    }

    /** Whether nothing of {@code kind} arrives within {@code millis}. */
    boolean silentFor(PacketKind kind, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            receive(kind);
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    /** Keys this peer's SRTP from another peer's handshake, as a browser keeps them across a network change. */
    void takeKeysFrom(UdpPeer other) {
        this.srtpSender = other.srtpSender;
        this.srtpReceiver = other.srtpReceiver;
    }

    @Override
    public void close() {
        socket.close();
    }
}
