package dev.parley.server;

import dev.parley.common.security.SecureTokens;
import dev.parley.media.stun.ErrorCode;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunMessageWriter;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.stun.XorMappedAddress;
import dev.parley.media.stun.StunAttributeType;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A TURN client over UDP that does what a WebRTC agent does first with a relay: an Allocate with long-term
 * credentials (RFC 8656 §7.1, RFC 8489 §9.2.3) — the request without credentials, the 401 that carries REALM and
 * NONCE, the request again with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY. One request at a time; not thread-safe.
 */
final class TurnClient implements AutoCloseable {

    /** RFC 8656 §17. */
    static final int ALLOCATE = 0x003;
    /** RFC 8656 §18. */
    static final int XOR_RELAYED_ADDRESS = 0x0016;
    static final int REQUESTED_TRANSPORT = 0x0019;
    /** RFC 8489 §14. */
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    /** REQUESTED-TRANSPORT's value for UDP: protocol 17, then three bytes RFFU (RFC 8656 §18.7). */
    static final int UDP = 17 << 24;

    /** What the authenticated Allocate got: a relayed address, or the error code. */
    record Outcome(InetSocketAddress relayed, int errorCode, boolean signedWithTheKey) {
        boolean allocated() {
            return relayed != null;
        }
    }

    /** A parsed answer and the bytes its view reads. */
    record Received(byte[] data, StunMessage message) {

        String text(int type) {
            int i = message.find(type);
            if (i < 0) {
                throw new IllegalStateException("the answer carries no attribute 0x" + Integer.toHexString(type));
            }
            return new String(data, message.valueOffset(i), message.valueLength(i), StandardCharsets.UTF_8);
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    TurnClient(InetSocketAddress server, Duration timeout) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** An Allocate without credentials: the server's 401 with its realm and nonce (RFC 8489 §9.2.4). */
    Received challenge() throws IOException {
        byte[] buf = new byte[512];
        int length = StunMessageWriter.create(StunMessageType.of(ALLOCATE, StunMessageType.CLASS_REQUEST), transactionId(),
                buf, 0, buf.length).addInt(REQUESTED_TRANSPORT, UDP).length();
        return exchange(buf, length);
    }

    /** The whole long-term credential exchange for one UDP allocation with {@code username} and {@code password}. */
    Outcome allocate(String username, String password) throws IOException {
        Received challenge = challenge();
        ErrorCode challengeError = ErrorCode.read(challenge.message());
        if (challengeError == null || challengeError.code() != 401) {
            throw new IllegalStateException("the unauthenticated Allocate was not answered 401: " + challengeError);
        }
        String realm = challenge.text(REALM);
        String nonce = challenge.text(NONCE);
        MessageIntegrity key = MessageIntegrity.longTerm(username, realm, password);
        byte[] buf = new byte[1024];
        int length = StunMessageWriter.create(StunMessageType.of(ALLOCATE, StunMessageType.CLASS_REQUEST), transactionId(),
                        buf, 0, buf.length)
                .addInt(REQUESTED_TRANSPORT, UDP)
                .addBytes(StunAttributeType.USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .addBytes(REALM, realm.getBytes(StandardCharsets.UTF_8))
                .addBytes(NONCE, nonce.getBytes(StandardCharsets.UTF_8))
                .addMessageIntegrity(key)
                .addFingerprint()
                .length();
        StunMessage answer = exchange(buf, length).message();
        if (answer.messageClass() == StunMessageType.CLASS_SUCCESS_RESPONSE) {
            return new Outcome(XorMappedAddress.read(answer, XOR_RELAYED_ADDRESS), 0, key.verify(answer));
        }
        ErrorCode error = ErrorCode.read(answer);
        return new Outcome(null, error == null ? -1 : error.code(), key.verify(answer));
    }

    private Received exchange(byte[] request, int length) throws IOException {
        socket.send(new DatagramPacket(request, length, server));
        byte[] in = new byte[1500];
        while (true) {
            DatagramPacket packet = new DatagramPacket(in, in.length);
            socket.receive(packet);
            try {
                byte[] data = Arrays.copyOf(in, packet.getLength());
                StunMessage answer = StunMessage.parse(data, 0, data.length);
                if (Arrays.equals(answer.transactionId(), Arrays.copyOfRange(request, 8, 20))
                        && answer.method() == ALLOCATE) {
                    return new Received(data, answer);
                }
            } catch (StunParseException e) {
                throw new IOException("not a STUN answer: " + e.getMessage(), e);
            }
        }
    }

    /** Whether the server answers at all within the socket timeout. */
    boolean answers() {
        try {
            challenge();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] transactionId() {
        return SecureTokens.randomBytes(StunMessage.TRANSACTION_ID_LENGTH);
    }

    @Override
    public void close() {
        socket.close();
    }
}
