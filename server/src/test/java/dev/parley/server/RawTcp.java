package dev.parley.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A plain-text XMPP-over-TCP client (RFC 6120) that writes exactly what it is given, from a chosen loopback
 * address if asked (any of 127.0.0.0/8 reaches a server on 127.0.0.1, so tests can play several clients).
 * The server under test must allow plain text ({@code tcp-require-tls = false}).
 */
final class RawTcp implements AutoCloseable {

    static final String STREAM_HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
            + " to='parley.local' version='1.0'>";

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** How much of {@link #received} earlier {@link #expect} calls consumed. */
    private int consumed;

    private RawTcp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        socket.setSoTimeout(100);
    }

    static RawTcp connect(TestServer server) throws IOException {
        return new RawTcp(new Socket("127.0.0.1", server.server().xmppPort()));
    }

    /** Connects from {@code localAddress} (e.g. 127.0.0.7). */
    static RawTcp connectFrom(TestServer server, String localAddress) throws IOException {
        return new RawTcp(new Socket(InetAddress.getByName("127.0.0.1"), server.server().xmppPort(),
                InetAddress.getByName(localAddress), 0));
    }

    /** Opens the stream and waits for the mechanisms. */
    RawTcp opened() throws IOException {
        send(STREAM_HEADER);
        expect("PLAIN");
        return this;
    }

    /** Sends a PLAIN auth and returns the server's answer: {@code <success/>}, or a {@code <failure>}. */
    String authenticate(String authcid, String secret) throws IOException {
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + Base64.getEncoder()
                .encodeToString(("\0" + authcid + "\0" + secret).getBytes(StandardCharsets.UTF_8)) + "</auth>");
        String answer = expectAny("<success", "</failure>");
        return answer.contains("<success") ? "<success/>" : answer.substring(answer.lastIndexOf("<failure"));
    }

    void send(String text) throws IOException {
        sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** What arrived since the last expect, once it contains {@code fragment}; fails after 10 s. */
    String expect(String fragment) throws IOException {
        return expectAny(fragment);
    }

    private String expectAny(String... fragments) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean open = true;
        while (true) {
            String text = received.toString(StandardCharsets.UTF_8).substring(consumed);
            for (String fragment : fragments) {
                int at = text.indexOf(fragment);
                if (at >= 0) {
                    consumed += text.substring(0, at + fragment.length()).length();
                    return text.substring(0, at + fragment.length());
                }
            }
            if (!open || System.nanoTime() > deadline) {
                throw new AssertionError("none of " + String.join(", ", fragments) + " within 10 s; got: " + text);
            }
            open = readSome() >= 0;
        }
    }

    /** True once the server closed the connection (waits up to 10 s). */
    boolean awaitClosed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (readSome() < 0) {
                    return true;
                }
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }

    private int readSome() throws IOException {
        byte[] buffer = new byte[8192];
        try {
            int n = in.read(buffer);
            if (n > 0) {
                received.write(buffer, 0, n);
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
