package dev.parley.chat.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * One XML document of an XMPP stream over TCP: optional XML declaration, {@code <stream:stream>},
 * the stanzas, {@code </stream:stream>} (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-4.2">RFC
 * 6120 §4.2</a>). Each stream restart begins a new document.
 *
 * <p>Size limit: a "unit" is the prolog plus stream header, or one top-level child together with the
 * whitespace before it. A completed unit is measured exactly; an incomplete one is checked after every
 * slice of input, so Aalto never buffers more than {@code maxStanzaBytes} plus one slice. Attribute and
 * namespace-declaration limits are checked by a {@link MarkupScanner}, and the encoding by a
 * {@link Utf8Validator}, before each slice reaches Aalto.
 *
 * <p>Every way the input can fail, Aalto's unchecked exceptions included (it reports some malformed
 * characters that way, e.g. a control character in text), ends as an {@link XmlException}; only a
 * listener's own exception passes through unchanged.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link XmlStreamParser}.
 */
final class StreamDocument {

    static final String STREAM_NAMESPACE = "http://etherx.jabber.org/streams";
    private static final int SLICE_BYTES = 4096;

    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = RestrictedXml.newReader();
    private final ElementAssembler assembler = new ElementAssembler();
    private final MarkupScanner markup;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final int maxUnitBytes;
    private final XmlStreamParser.Listener listener;
    /**
     * Aalto adds each buffer's end index, not its length, to its running byte offset, so every slice is
     * copied here and fed from index 0 to keep {@link #endOfEvent()} exact. Its first {@code heldBack}
     * bytes are the start of a character split by the previous input (see {@link Utf8Boundary}).
     */
    private final byte[] slice;
    private int heldBack;
    private long fedBytes;
    private long unitStart;
    private boolean headerSeen;
    private boolean streamOpen;
    private boolean abandoned;
    private long abandonedAt;
    /** Set when a listener callback threw: its exception is the listener's, not a parse failure. */
    private boolean listenerFailed;

    StreamDocument(XmlLimits limits, XmlStreamParser.Listener listener) {
        this.maxUnitBytes = limits.maxStanzaBytes();
        this.markup = new MarkupScanner(limits.maxAttributes(), limits.maxNamespaceDeclarations());
        this.listener = listener;
        this.slice = new byte[Math.clamp(maxUnitBytes, 8, SLICE_BYTES)];
    }

    /**
     * Parses up to one slice from {@code bytes}, calling the listener for what completes. Returns the
     * number of bytes this document consumed: all it took, unless a callback {@linkplain #abandon()
     * abandoned} it (stream restart), in which case the bytes after the triggering element are left for
     * the next document.
     */
    int feed(byte[] bytes, int offset, int length) throws XmlException {
        int carriedIn = heldBack;
        int taken = Math.min(length, slice.length - carriedIn);
        System.arraycopy(bytes, offset, slice, carriedIn, taken);
        utf8.check(slice, carriedIn, taken);
        markup.scan(slice, carriedIn, taken);
        int complete = Utf8Boundary.completeEnd(slice, 0, carriedIn + taken);
        long sliceStart = fedBytes;
        parse(complete);
        if (abandoned) {
            return Math.clamp(abandonedAt - sliceStart - carriedIn, 0, taken);
        }
        heldBack = carriedIn + taken - complete;
        System.arraycopy(slice, complete, slice, 0, heldBack);
        checkUnitSize(fedBytes);
        return taken;
    }

    /** Stops parsing: the rest of the current slice is not processed. */
    void abandon() {
        abandoned = true;
    }

    /** Feeds {@code slice[0, length)} to Aalto and handles each event it completes. */
    private void parse(int length) throws XmlException {
        fedBytes += length;
        try {
            if (length > 0) {
                reader.getInputFeeder().feedInput(slice, 0, length);
            }
            for (int event = reader.next(); event != AsyncXMLStreamReader.EVENT_INCOMPLETE; event = reader.next()) {
                handle(event);
                if (abandoned) {
                    abandonedAt = endOfEvent();
                    return;
                }
            }
        } catch (XMLStreamException e) {
            throw RestrictedXml.translate(e, markup.doctypeSeen());
        } catch (RuntimeException e) {
            if (listenerFailed) {
                throw e;
            }
            throw RestrictedXml.translate(e);
        }
    }

    /** Calls the listener, marking its failure as its own (see {@link #parse}). */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            listenerFailed = true;
            throw e;
        }
    }

    private void handle(int event) throws XmlException, XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> RestrictedXml.checkEncoding(reader);
            case XMLStreamConstants.START_ELEMENT -> {
                if (headerSeen) {
                    assembler.start(reader);
                } else {
                    openStream();
                }
            }
            case XMLStreamConstants.END_ELEMENT -> {
                if (assembler.depth() == 0) {
                    streamOpen = false;
                    deliver(listener::streamClosed);
                } else {
                    XmlElement stanza = assembler.end();
                    if (stanza != null) {
                        completeUnit();
                        deliver(() -> listener.stanza(stanza));
                    }
                }
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
            default -> RestrictedXml.rejectForbidden(event);
        }
    }

    /** The root must be {@code <stream>} in the stream namespace (RFC 6120 §4.8.1, §4.9.3.1). */
    private void openStream() throws XmlException, XMLStreamException {
        XmlElement header = ElementAssembler.startTag(reader).build();
        if (!header.name().equals("stream")) {
            throw new XmlException(StreamError.BAD_FORMAT, "root element <" + header.name() + "> is not <stream:stream>");
        }
        if (!header.namespace().equals(STREAM_NAMESPACE)) {
            throw new XmlException(StreamError.INVALID_NAMESPACE, "stream namespace '" + header.namespace() + "'");
        }
        headerSeen = true;
        streamOpen = true;
        completeUnit();
        deliver(() -> listener.streamOpened(header));
    }

    /** Whitespace between first-level elements is allowed (RFC 6120 §11.7, keepalives); other text is not. */
    private void text() throws XmlException, XMLStreamException {
        if (assembler.depth() > 0) {
            assembler.text(reader);
        } else if (streamOpen) {
            if (!reader.isWhiteSpace()) {
                throw new XmlException(StreamError.BAD_FORMAT, "text outside any stanza");
            }
            unitStart = endOfEvent();
        }
    }

    private void completeUnit() throws XmlException, XMLStreamException {
        long end = endOfEvent();
        checkUnitSize(end);
        unitStart = end;
    }

    private void checkUnitSize(long position) throws XmlException {
        if (position - unitStart > maxUnitBytes) {
            throw new XmlException(StreamError.POLICY_VIOLATION, "stanza larger than " + maxUnitBytes + " bytes");
        }
    }

    /** Document offset just past the current event. */
    private long endOfEvent() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset();
    }
}
