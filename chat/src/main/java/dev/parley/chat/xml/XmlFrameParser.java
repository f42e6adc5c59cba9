package dev.parley.chat.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Parser for XMPP over WebSocket, where every text message carries exactly one complete element,
 * {@code <open/>}, {@code <close/>} or a stanza, declaring its own namespace
 * (<a href="https://www.rfc-editor.org/rfc/rfc7395#section-3.3.3">RFC 7395 §3.3.3</a>).
 *
 * <p>The same restricted XML as on TCP applies (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-11">RFC
 * 6120 §11</a>), and an XML declaration is refused too, since RFC 7395 §3.3.3 forbids it in messages.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
public final class XmlFrameParser {

    private XmlFrameParser() {
    }

    /**
     * Parses one WebSocket message.
     *
     * @throws XmlException policy-violation if it is over the limits' size, or an element has more attributes
     *     or namespace declarations than they allow; restricted-xml for an XML declaration, DTD, comment,
     *     processing instruction or entity reference; not-well-formed if it is empty, malformed (also: not
     *     UTF-8, or a character XML forbids), or holds anything but one element
     */
    public static XmlElement parse(byte[] bytes, XmlLimits limits) throws XmlException {
        if (bytes.length > limits.maxStanzaBytes()) {
            throw new XmlException(StreamError.POLICY_VIOLATION,
                    "message of " + bytes.length + " bytes exceeds " + limits.maxStanzaBytes());
        }
        Utf8Validator utf8 = new Utf8Validator();
        utf8.check(bytes, 0, bytes.length);
        if (!utf8.atCharacterBoundary()) {
            throw new XmlException(StreamError.NOT_WELL_FORMED, "invalid UTF-8: the message ends inside a character");
        }
        MarkupScanner markup = new MarkupScanner(limits.maxAttributes(), limits.maxNamespaceDeclarations());
        markup.scan(bytes, 0, bytes.length);
        AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = RestrictedXml.newReader();
        try {
            reader.getInputFeeder().feedInput(bytes, 0, bytes.length);
            reader.getInputFeeder().endOfInput();
            return readSingleElement(reader);
        } catch (XMLStreamException e) {
            throw RestrictedXml.translate(e, markup.doctypeSeen());
        } catch (RuntimeException e) {
            throw RestrictedXml.translate(e);
        }
    }

    /** {@link #parse(byte[], XmlLimits)} of a message given as text. */
    public static XmlElement parse(String frame, XmlLimits limits) throws XmlException {
        return parse(frame.getBytes(StandardCharsets.UTF_8), limits);
    }

    private static XmlElement readSingleElement(AsyncXMLStreamReader<?> reader)
            throws XMLStreamException, XmlException {
        ElementAssembler assembler = new ElementAssembler();
        XmlElement element = null;
        for (int event = reader.next(); event != XMLStreamConstants.END_DOCUMENT; event = reader.next()) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> rejectDeclaration(reader);
                case XMLStreamConstants.START_ELEMENT -> {
                    if (element != null) {
                        throw new XmlException(StreamError.NOT_WELL_FORMED, "more than one element in a message");
                    }
                    assembler.start(reader);
                }
                case XMLStreamConstants.END_ELEMENT -> element = assembler.end();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (assembler.depth() > 0) {
                        assembler.text(reader);
                    }
                }
                // With all input fed, Aalto reports an unfinished document as incomplete, not as an error.
                case AsyncXMLStreamReader.EVENT_INCOMPLETE ->
                        throw new XmlException(StreamError.NOT_WELL_FORMED, "incomplete element");
                default -> RestrictedXml.rejectForbidden(event);
            }
        }
        if (element == null) {
            throw new XmlException(StreamError.NOT_WELL_FORMED, "message holds no element");
        }
        return element;
    }

    private static void rejectDeclaration(AsyncXMLStreamReader<?> reader) throws XmlException {
        if (reader.getVersion() != null) {
            throw new XmlException(StreamError.RESTRICTED_XML, "XML declaration not allowed (RFC 7395 §3.3.3)");
        }
    }
}
