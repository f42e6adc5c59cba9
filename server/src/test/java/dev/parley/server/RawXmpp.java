package dev.parley.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare XMPP-over-WebSocket client (RFC 7395) that sends exactly the text it is given: for checking the
 * server's answers to well-formed and malformed input byte by byte, as the SDKs' own senders would write it.
 */
final class RawXmpp implements AutoCloseable {

    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private volatile boolean closed;
    private final StringBuilder partial = new StringBuilder();

    private RawXmpp(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("xmpp")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String frame = partial.toString();
                            partial.setLength(0);
                            java.util.function.Consumer<String> answer = pingAnswerer;
                            if (answer != null && frame.contains("urn:xmpp:ping") && frame.contains("type=\"get\"")) {
                                answer.accept(frame.replaceAll("(?s).*\\bid=\"([^\"]+)\".*", "$1"));
                            } else {
                                frames.add(frame);
                            }
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed = true;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    static RawXmpp connect(TestServer server) throws Exception {
        return new RawXmpp(URI.create("ws://127.0.0.1:" + server.server().httpPort() + "/xmpp"));
    }

    /** Opens the stream and authenticates with PLAIN; the next step is binding. */
    static RawXmpp authenticated(TestServer server, XmppFixture.User user) throws Exception {
        RawXmpp raw = connect(server);
        raw.open(XmppFixture.DOMAIN);
        raw.expect("<mechanism>PLAIN</mechanism>");
        raw.send(plainAuth(user.authcid(), user.password()));
        raw.expect("<success");
        raw.open(XmppFixture.DOMAIN);
        raw.expect("urn:ietf:params:xml:ns:xmpp-bind");
        return raw;
    }

    /** The SASL PLAIN {@code <auth>} element (RFC 4616) for these credentials. */
    static String plainAuth(String authcid, String password) {
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + Base64.getEncoder()
                .encodeToString(("\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    /** Opens the stream, authenticates with PLAIN and binds; {@link #jid} is the bound full JID. */
    static RawXmpp loggedIn(TestServer server, XmppFixture.User user) throws Exception {
        RawXmpp raw = authenticated(server, user);
        raw.send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        String bound = raw.expect("<jid>");
        Matcher jid = Pattern.compile("<jid>([^<]+)</jid>").matcher(bound);
        raw.jid = jid.find() ? jid.group(1) : null;
        raw.send("<presence xmlns='jabber:client'/>");
        return raw;
    }

    String jid;
    private volatile java.util.function.Consumer<String> pingAnswerer;

    /** From now on, server pings are answered by {@code answer} (given the ping's id) instead of queued. */
    void onPing(java.util.function.Consumer<String> answer) {
        pingAnswerer = answer;
    }

    void open(String to) {
        send("<open xmlns='" + FRAMING + "' to='" + to + "' version='1.0'/>");
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends unless the server has closed the connection already; false then. */
    boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    /** The next frame containing {@code fragment}; frames before it are skipped. Fails after 10 s. */
    String expect(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String frame = frames.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && frame.contains(fragment)) {
                return frame;
            }
        }
        throw new AssertionError("no frame containing " + fragment + " within 10 s");
    }

    /** The next frame, or null within the timeout. */
    String next(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** True once the server closed the WebSocket (waits up to 10 s). */
    boolean awaitClosed() throws InterruptedException {
        for (int i = 0; i < 100 && !closed; i++) {
            Thread.sleep(100);
        }
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            socket.abort();
        }
    }
}
