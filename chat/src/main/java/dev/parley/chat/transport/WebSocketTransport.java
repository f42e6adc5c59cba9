package dev.parley.chat.transport;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.session.Transport;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlException;
import dev.parley.chat.xml.XmlFrameParser;
import dev.parley.chat.xml.XmlLimits;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * XMPP over WebSocket (RFC 7395): every message is one complete element; {@code <open/>} and {@code <close/>}
 * in the framing namespace stand for the stream header and its end. TLS, when any, is the HTTPS listener's
 * (wss://), so STARTTLS is never offered.
 *
 * <p>Messages are assembled from their frames here rather than by Vert.x, so that a text message whose bytes
 * are not UTF-8 fails the connection with close code 1007 as RFC 6455 §8.1 demands (Vert.x would substitute
 * U+FFFD and carry on), and so that the bytes go to the parser as they came. A message larger than the stanza
 * limit is refused as it grows. What the client sends is charged to it ({@link InboundThrottle}).
 *
 * <p>Confined to the WebSocket's event loop.
 */
final class WebSocketTransport implements Transport {

    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    /** RFC 6455 §7.4.1: the message's data is not consistent with its type (text that is not UTF-8). */
    private static final short INVALID_PAYLOAD = 1007;

    private final ServerWebSocket socket;
    private final XmlLimits limits;
    private Buffer message = Buffer.buffer();
    private boolean inTextMessage;
    private boolean inBinaryMessage;
    private InboundThrottle throttle;
    private ClientSession session;
    private boolean closed;

    WebSocketTransport(ServerWebSocket socket, XmlLimits limits) {
        this.socket = socket;
        this.limits = limits;
    }

    void attach(ClientSession owner, InboundThrottle throttle) {
        this.session = owner;
        this.throttle = throttle;
        socket.frameHandler(this::frame);
        socket.closeHandler(v -> {
            closed = true;
            throttle.close();
            session.transportClosed();
        });
        socket.exceptionHandler(this::failed);
    }

    /**
     * The WebSocket layer failed. A frame RFC 6455 forbids (e.g. RSV1 set with no extension negotiated, §5.2)
     * is closed with the status the decoder chose (1002 protocol error); anything else is closed plainly.
     */
    private void failed(Throwable failure) {
        if (failure instanceof CorruptedWebSocketFrameException corrupted && !closed) {
            closed = true;
            String reason = String.valueOf(corrupted.getMessage());
            socket.close((short) corrupted.closeStatus().code(), reason.substring(0, Math.min(reason.length(), 120)));
        } else {
            close();
        }
    }

    private void frame(WebSocketFrame frame) {
        if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return; // control frames are Vert.x's to answer
        }
        Buffer data = frame.binaryData();
        throttle.received(data.length());
        if (frame.isText() || frame.isBinary()) {
            inTextMessage = frame.isText();
            inBinaryMessage = frame.isBinary();
            message = Buffer.buffer();
        }
        if (inBinaryMessage) {
            if (frame.isFinal()) {
                inBinaryMessage = false;
                session.parseFailed(new XmlException(StreamError.UNSUPPORTED_ENCODING,
                        "XMPP over WebSocket uses text messages (RFC 7395 §3.3.3)"));
            }
            return;
        }
        if (!inTextMessage) {
            return;
        }
        if (message.length() + data.length() > limits.maxStanzaBytes()) {
            inTextMessage = false;
            session.parseFailed(new XmlException(StreamError.POLICY_VIOLATION,
                    "message of more than " + limits.maxStanzaBytes() + " bytes"));
            return;
        }
        message.appendBuffer(data);
        if (frame.isFinal()) {
            inTextMessage = false;
            received(message.getBytes());
        }
    }

    private void received(byte[] bytes) {
        if (!isUtf8(bytes)) {
            closed = true;
            socket.close(INVALID_PAYLOAD, "text message is not UTF-8 (RFC 6455 8.1)");
            return;
        }
        XmlElement element;
        try {
            element = XmlFrameParser.parse(bytes, limits);
        } catch (XmlException e) {
            session.parseFailed(e);
            return;
        }
        if (FRAMING.equals(element.namespace()) && element.name().equals("open")) {
            session.streamOpened(element);
        } else if (FRAMING.equals(element.namespace()) && element.name().equals("close")) {
            session.streamClosed();
        } else {
            session.element(element);
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public void openStream(String from, String streamId) {
        write(XmlElement.builder("open", FRAMING).attribute("from", from).attribute("id", streamId)
                .attribute("version", "1.0").attribute("xml:lang", "en").build().toXml());
    }

    @Override
    public void sendFeatures(List<XmlElement> features) {
        write(StreamElements.features(features, true));
    }

    @Override
    public void send(XmlElement element) {
        write(element.toXml());
    }

    @Override
    public void sendStreamError(StreamError error, String text) {
        write(StreamElements.error(error, text, true));
        closeStream();
    }

    @Override
    public void closeStream() {
        write(XmlElement.builder("close", FRAMING).build().toXml());
        close();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }

    @Override
    public boolean isSecure() {
        return socket.isSsl();
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public boolean requiresTls() {
        return false;
    }

    @Override
    public void startTls(Runnable then, Runnable failed) {
        throw new IllegalStateException("STARTTLS is never offered on a WebSocket");
    }

    @Override
    public void restartStream() {
        // Each message is its own document: the client's next <open/> simply arrives (RFC 7395 §3.3.2).
    }

    @Override
    public String remoteAddress() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    private void write(String xml) {
        if (closed) {
            return;
        }
        socket.writeTextMessage(xml);
        if (socket.writeQueueFull()) {
            close();
        }
    }
}
