package dev.parley.chat.transport;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.session.Transport;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlException;
import dev.parley.chat.xml.XmlLimits;
import dev.parley.chat.xml.XmlStreamParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.List;

/**
 * XMPP over TCP (RFC 6120): one XML stream per direction, STARTTLS (§5), and a stream restart after TLS and
 * after SASL (§5.4.3.3, §6.4.6). What the client sends is charged to it ({@link InboundThrottle}). Confined
 * to the socket's event loop.
 */
final class TcpTransport implements Transport, XmlStreamParser.Listener {

    private final NetSocket socket;
    private final StartTls tls;
    private final boolean requireTls;
    private final XmlStreamParser parser;
    private final Runnable onClosed;
    private InboundThrottle throttle;
    private ClientSession session;
    private boolean feeding;
    private boolean resetPending;
    private boolean closed;

    /** @param closed runs once when the connection has closed */
    TcpTransport(NetSocket socket, StartTls tls, boolean requireTls, XmlLimits limits, Runnable closed) {
        this.onClosed = closed;
        this.socket = socket;
        this.tls = tls;
        this.requireTls = requireTls;
        this.parser = new XmlStreamParser(limits, this);
    }

    void attach(ClientSession owner, InboundThrottle throttle) {
        this.session = owner;
        this.throttle = throttle;
        socket.handler(this::received);
        socket.closeHandler(v -> {
            closed = true;
            throttle.close();
            onClosed.run();
            session.transportClosed();
        });
        socket.exceptionHandler(e -> socket.close());
    }

    private void received(Buffer buffer) {
        byte[] bytes = buffer.getBytes();
        throttle.received(bytes.length);
        feeding = true;
        try {
            parser.feed(bytes, 0, bytes.length);
        } catch (XmlException e) {
            session.parseFailed(e);
        } finally {
            feeding = false;
        }
        if (resetPending) {
            resetPending = false;
            parser.reset();
        }
    }

    // ---- XmlStreamParser.Listener ----

    @Override
    public void streamOpened(XmlElement header) {
        session.streamOpened(header);
    }

    @Override
    public void stanza(XmlElement stanza) {
        session.element(stanza);
    }

    @Override
    public void streamClosed() {
        session.streamClosed();
    }

    // ---- Transport ----

    @Override
    public void openStream(String from, String streamId) {
        write("<?xml version='1.0'?><stream:stream xmlns='" + Stanzas.CLIENT + "' xmlns:stream='" + Stanzas.STREAMS
                + "' id='" + StreamElements.escape(streamId) + "' from='" + StreamElements.escape(from)
                + "' version='1.0' xml:lang='en'>");
    }

    @Override
    public void sendFeatures(List<XmlElement> features) {
        write(StreamElements.features(features, false));
    }

    @Override
    public void send(XmlElement element) {
        write(element.toXml());
    }

    @Override
    public void sendStreamError(StreamError error, String text) {
        write(StreamElements.error(error, text, false) + "</stream:stream>");
        close();
    }

    @Override
    public void closeStream() {
        write("</stream:stream>");
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
        return !socket.isSsl() && tls != null;
    }

    @Override
    public boolean requiresTls() {
        return requireTls;
    }

    @Override
    public void startTls(Runnable then, Runnable failed) {
        restartStream();
        tls.upgrade(socket, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
                .onSuccess(v -> then.run())
                .onFailure(e -> {
                        failed.run();
                    close();
                });
    }

    @Override
    public void restartStream() {
        if (feeding) {
            resetPending = true;
        } else {
            parser.reset();
        }
    }

    @Override
    public String remoteAddress() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    private void write(String xml) {
        if (closed) {
            return;
        }
        socket.write(xml);
        if (socket.writeQueueFull()) {
            // A client that does not read: drop it rather than buffer without bound.
            close();
        }
    }
}
