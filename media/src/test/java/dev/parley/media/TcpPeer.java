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
import org.bouncycastle.tls.DatagramTransport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * A browser-like ICE-TCP peer (RFC 6544, active side) of the media server over a real TCP connection on 127.0.0.1:
 * every packet in an RFC 4571 frame; ICE checks, the DTLS handshake as client and SRTP both ways.
 */
final class TcpPeer implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private SrtpSender srtpSender;
    private SrtpReceiver srtpReceiver;

    TcpPeer(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(server, 5_000);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Writes {@code bytes} as they are, framing or not (whole, when two threads write). */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendFrame(byte[] packet, int length) throws IOException {
        byte[] frame = new byte[length + 2];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        System.arraycopy(packet, 0, frame, 2, length);
        sendRaw(frame);
    }

    StunMessage check(BindingRequests request) throws IOException, StunParseException {
        byte[] bytes = request.build();
        sendFrame(bytes, bytes.length);
        byte[] answer = receive(PacketKind.STUN);
        return StunMessage.parse(answer, 0, answer.length);
    }

    TestDtlsClient handshake(TestDtlsClient client) throws IOException {
        return handshake(client, null, () -> false);
    }

    /**
     * As {@link #handshake}, for a peer whose selected pair is UDP for a while: its records go to {@code udp} while
     * {@code overUdp} says so, then over this connection; what it receives it reads from this connection only.
     */
    TestDtlsClient handshake(TestDtlsClient client, UdpPeer udp, BooleanSupplier overUdp) throws IOException {
        client.connect(new FramedTransport(udp, overUdp));
        SrtpKeys keys = client.srtpKeys();
        srtpSender = new SrtpSender(keys, 16);
        srtpReceiver = new SrtpReceiver(keys, 16);
        return client;
    }

    void sendRtp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
        sendFrame(buf, srtpSender.protectRtp(buf, 0, plain.length));
    }

    void sendRtcp(byte[] plain) throws IOException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
        sendFrame(buf, srtpSender.protectRtcp(buf, 0, plain.length));
    }

    byte[] receiveMedia(PacketKind kind) throws IOException {
        byte[] packet = receive(kind);
        int length = kind == PacketKind.RTP ? srtpReceiver.unprotectRtp(packet, 0, packet.length)
                : srtpReceiver.unprotectRtcp(packet, 0, packet.length);
        if (length < 0) {
            throw new IOException("could not unprotect: " + length);
        }
        return Arrays.copyOf(packet, length);
    }

    /** The next frame of {@code kind}, skipping others. */
    byte[] receive(PacketKind kind) throws IOException {
        while (true) {
            byte[] frame = readFrame();
            if (PacketKind.classify(frame, 0, frame.length) == kind) {
                return frame;
            }
        }
    }

    private byte[] readFrame() throws IOException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Whether the server closes the connection within the socket timeout (frames before that are skipped). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                readFrame();
            }
        } catch (EOFException closed) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** DTLS records over the connection, one per frame, as the DTLS client's datagram transport. */
    private final class FramedTransport implements DatagramTransport {
        private final UdpPeer udp;
        private final BooleanSupplier overUdp;

        FramedTransport(UdpPeer udp, BooleanSupplier overUdp) {
            this.udp = udp;
            this.overUdp = overUdp;
        }

        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1500;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, waitMillis));
            try {
                byte[] frame = TcpPeer.this.receive(PacketKind.DTLS);
                int n = Math.min(len, frame.length);
                System.arraycopy(frame, 0, buf, off, n);
                return n;
            } catch (SocketTimeoutException e) {
                return -1;
            } finally {
                socket.setSoTimeout(5_000);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (udp != null && overUdp.getAsBoolean()) {
                udp.sendRaw(Arrays.copyOfRange(buf, off, off + len));
                return;
            }
            sendFrame(Arrays.copyOfRange(buf, off, off + len), len);
        }

        @Override
        public void close() {
        }
    }
}
