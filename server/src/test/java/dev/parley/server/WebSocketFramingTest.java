package dev.parley.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket layer under XMPP (RFC 6455, RFC 7395 §3.1), written byte by byte: what a browser or SDK never
 * sends, the server refuses as the RFCs say.
 */
class WebSocketFramingTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of());

    @Test
    void anUpgradeWithoutTheXmppSubprotocolIsRefused() throws Exception {
        try (RawWebSocket ws = new RawWebSocket()) {
            String answer = ws.handshake(null);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("'xmpp' subprotocol");
        }
        try (RawWebSocket ws = new RawWebSocket()) {
            assertThat(ws.handshake("chat, superchat")).startsWith("HTTP/1.1 400");
        }
        try (RawWebSocket ws = new RawWebSocket()) {
            assertThat(ws.handshake("xmpp")).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Protocol: xmpp");
        }
    }

    @Test
    void aTextMessageThatIsNotUtf8FailsTheConnectionWith1007() throws Exception {
        try (RawWebSocket ws = new RawWebSocket()) {
            assertThat(ws.handshake("xmpp")).startsWith("HTTP/1.1 101");
            byte[] open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='parley.local' version='1.0'/>"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] invalid = new byte[open.length + 2];
            System.arraycopy(open, 0, invalid, 0, open.length);
            invalid[open.length] = (byte) 0xC3; // a lead byte...
            invalid[open.length + 1] = (byte) 0x28; // ...followed by no continuation byte
            ws.send(0x1, invalid, false);
            assertThat(ws.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aFrameWithRsv1SetWithoutAnExtensionFailsTheConnection() throws Exception {
        try (RawWebSocket ws = new RawWebSocket()) {
            assertThat(ws.handshake("xmpp")).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("permessage-deflate");
            ws.send(0x1, "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='parley.local' version='1.0'/>"
                    .getBytes(StandardCharsets.UTF_8), true);
            assertThat(ws.closeCode()).as("protocol error (RFC 6455 §5.2)").isEqualTo(1002);
        }
    }

    /** A WebSocket client over a plain socket that writes frames exactly as told. */
    private static final class RawWebSocket implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        RawWebSocket() throws IOException {
            socket = new Socket("127.0.0.1", server.server().httpPort());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Sends the upgrade request (with {@code subprotocols}, unless null); returns the response head. */
        String handshake(String subprotocols) throws IOException {
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            String request = "GET /xmpp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                    + (subprotocols == null ? "" : "Sec-WebSocket-Protocol: " + subprotocols + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            if (!text.startsWith("HTTP/1.1 101")) {
                text += new String(in.readNBytes(in.available()), StandardCharsets.UTF_8);
            }
            return text;
        }

        /** One final, masked frame (RFC 6455 §5.2). */
        void send(int opcode, byte[] payload, boolean rsv1) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | (rsv1 ? 0x40 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >> 8);
                frame.write(payload.length & 0xff);
            }
            byte[] mask = new byte[4];
            new SecureRandom().nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Reads frames until a close frame; returns its status code (-1 if the socket ended without one). */
        int closeCode() throws IOException {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                int first;
                try {
                    first = data.readUnsignedByte();
                } catch (IOException e) {
                    return -1;
                }
                int second = data.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                byte[] payload = data.readNBytes((int) length);
                if ((first & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
