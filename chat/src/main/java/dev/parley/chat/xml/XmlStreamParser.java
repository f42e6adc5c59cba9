package dev.parley.chat.xml;

import java.util.Objects;

/**
 * Non-blocking parser for an XMPP stream over TCP
 * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-4">RFC 6120 §4</a>): bytes go in as they
 * arrive, split anywhere; the stream header, each complete top-level element ("stanza": message,
 * presence, iq, but also starttls, auth, r, ...) and the stream end come out through a
 * {@link Listener}, synchronously, from within {@link #feed}.
 *
 * <p>Only restricted XML is accepted (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-11">RFC
 * 6120 §11</a>): a leading XML declaration is allowed; DTDs, comments, processing instructions and
 * entity references other than the predefined five are refused with restricted-xml and never expanded.
 * A stanza over the {@link XmlLimits}' size (UTF-8 bytes, start tag to end tag) is refused with
 * policy-violation, and so is an unfinished one once it has grown past that size, and an element with more
 * attributes or namespace declarations than the limits allow.
 *
 * <p>Any {@link XmlException} is final: the parser stays failed and every later {@code feed} throws it
 * again; the caller sends the stream error and closes the connection. If a listener throws, the
 * exception propagates and the parser must not be used again.
 *
 * <p>Thread-safety: not thread-safe. Confine it to the event loop of its connection.
 */
public final class XmlStreamParser {

    /** Receives what the parser reads, on the thread that calls {@link #feed}. */
    public interface Listener {
        /**
         * The stream header: name {@code stream}, namespace {@code http://etherx.jabber.org/streams},
         * its attributes ({@code to}, {@code from}, {@code version}, {@code xml:lang}, {@code id}), no
         * children.
         */
        void streamOpened(XmlElement header);

        /** A complete first-level child of the stream; unqualified ones carry the stream's default namespace. */
        void stanza(XmlElement stanza);

        /** {@code </stream:stream>} was read (RFC 6120 §4.4). */
        void streamClosed();
    }

    private final XmlLimits limits;
    private final Listener listener;
    private StreamDocument document;
    private XmlException failure;

    public XmlStreamParser(XmlLimits limits, Listener listener) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.document = new StreamDocument(limits, listener);
    }

    /** Parses as much of the input as possible, calling the listener for everything that completes. */
    public void feed(byte[] bytes, int offset, int length) throws XmlException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (failure != null) {
            throw failure;
        }
        try {
            int end = offset + length;
            for (int position = offset; position < end; ) {
                position += document.feed(bytes, position, end - position);
            }
        } catch (XmlException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Discards all parsing state and expects a new document, for the stream restarts after STARTTLS
     * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-5.4.3.3">RFC 6120 §5.4.3.3</a>) and after
     * SASL success (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-6.4.6">§6.4.6</a>). Called
     * from a listener callback, it takes effect at once: the bytes after the element being delivered
     * are parsed as the start of the new document. A failed parser stays failed.
     */
    public void reset() {
        document.abandon();
        document = new StreamDocument(limits, listener);
    }
}
