package dev.parley.chat.session;

import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;

import java.util.List;

/**
 * How a {@link ClientSession} writes to its client: XMPP over TCP (RFC 6120) or over WebSocket (RFC 7395)
 * frame the stream differently, the session logic is the same. Every method must be called on the
 * connection's event loop.
 */
public interface Transport {

    /** Opens the server's side of a (new) stream: the stream header on TCP, {@code <open/>} on WebSocket. */
    void openStream(String from, String streamId);

    /** {@code <stream:features>} with these children (RFC 6120 §4.3.2). */
    void sendFeatures(List<XmlElement> features);

    void send(XmlElement element);

    /** Sends the stream error (RFC 6120 §4.9), closes the stream and the connection. */
    void sendStreamError(StreamError error, String text);

    /** Closes the stream cleanly (RFC 6120 §4.4) and then the connection. */
    void closeStream();

    /** Drops the connection without another byte (used after a stream error was written). */
    void close();

    boolean isSecure();

    /** True on TCP before TLS is up: STARTTLS can be offered. */
    boolean canStartTls();

    /** True when authentication must wait for TLS (TCP, unless configured otherwise for loopback clients). */
    boolean requiresTls();

    /**
     * Answers {@code <proceed/>} and upgrades the connection to TLS (RFC 6120 §5.4.3.3); {@code then} runs on
     * the event loop once TLS is up (the client opens a new stream next), {@code failed} when the handshake fails.
     */
    void startTls(Runnable then, Runnable failed);

    /** Prepares for the new stream the client opens after SASL success (RFC 6120 §6.4.6). */
    void restartStream();

    String remoteAddress();
}
