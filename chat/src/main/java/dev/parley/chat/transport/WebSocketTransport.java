package dev.parley.chat.transport;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.session.Transport;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlException;
import dev.parley.chat.xml.XmlFrameParser;
import io.vertx.core.http.ServerWebSocket;

import java.util.List;

/**
 * XMPP over WebSocket (RFC 7395): every message is one complete element; {@code <open/>} and {@code <close/>}
 * in the framing namespace stand for the stream header and its end. TLS, when any, is the HTTPS listener's
 * (wss://), so STARTTLS is never offered. Confined to the WebSocket's event loop.
 */
final class WebSocketTransport implements Transport {

    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private final ServerWebSocket socket;
    private final int maxStanzaBytes;
    private ClientSession session;
    private boolean closed;

    WebSocketTransport(ServerWebSocket socket, int maxStanzaBytes) {
        this.socket = socket;
        this.maxStanzaBytes = maxStanzaBytes;
    }

    void attach(ClientSession owner) {
        this.session = owner;
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(b -> session.parseFailed(new XmlException(StreamError.UNSUPPORTED_ENCODING,
                "XMPP over WebSocket uses text messages (RFC 7395 §3.3.3)")));
        socket.closeHandler(v -> {
            closed = true;
            session.transportClosed();
        });
        socket.exceptionHandler(e -> close());
    }

    private void received(String frame) {
        XmlElement element;
        try {
            element = XmlFrameParser.parse(frame, maxStanzaBytes);
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
