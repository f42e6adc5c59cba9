package dev.parley.chat.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * The XML subset XMPP allows, "restricted XML"
 * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-11.1">RFC 6120 §11.1</a>): no DTD, no
 * comments, no processing instructions, no entity references but the five predefined ones; UTF-8 only
 * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-11.6">§11.6</a>). Creates the Aalto readers
 * both parsers use and maps what they report to stream errors.
 *
 * <p>Thread-safety: stateless; each reader it creates is confined to its caller.
 */
final class RestrictedXml {

    private RestrictedXml() {
    }

    /**
     * A non-blocking reader that reports entity references instead of expanding them. Each reader gets
     * its own factory so that names sent by one peer never accumulate in a symbol table shared by all.
     */
    static AsyncXMLStreamReader<AsyncByteArrayFeeder> newReader() {
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory2.P_INTERN_NAMES, false);
        factory.setProperty(XMLInputFactory2.P_INTERN_NS_URIS, false);
        return factory.createAsyncForByteArray();
    }

    /** Throws for every event that restricted XML forbids; returns for the others. */
    static void rejectForbidden(int event) throws XmlException {
        String what = switch (event) {
            case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION,
                 XMLStreamConstants.NOTATION_DECLARATION -> "DTD";
            case XMLStreamConstants.COMMENT -> "comment";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "processing instruction";
            case XMLStreamConstants.ENTITY_REFERENCE -> "entity reference";
            default -> null;
        };
        if (what != null) {
            throw new XmlException(StreamError.RESTRICTED_XML, what + " not allowed in XMPP (RFC 6120 §11.1)");
        }
    }

    /** Checks the XML declaration's encoding, if one was given, at START_DOCUMENT. */
    static void checkEncoding(AsyncXMLStreamReader<?> reader) throws XmlException {
        String declared = reader.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new XmlException(StreamError.UNSUPPORTED_ENCODING, "encoding " + declared + " (only UTF-8)");
        }
    }

    /**
     * Maps a parse failure to its stream error. Aalto's non-blocking scanner cannot read an internal DTD
     * subset and fails on it, so the caller says whether a DOCTYPE was seen; Aalto also fails, rather
     * than report, an undeclared entity inside an attribute value.
     */
    static XmlException translate(XMLStreamException failure, boolean doctypeSeen) {
        String message = String.valueOf(failure.getMessage());
        if (doctypeSeen || message.contains("ENTITY_REFERENCE")) {
            return new XmlException(StreamError.RESTRICTED_XML,
                    "DTD or entity reference not allowed in XMPP (RFC 6120 §11.1)", failure);
        }
        return new XmlException(StreamError.NOT_WELL_FORMED, message.lines().findFirst().orElse(message), failure);
    }

    /**
     * Maps an unchecked failure of the parser to not-well-formed: Aalto reports some malformed input, such as
     * a character XML forbids in text (U+0001, U+FFFE) or bytes that are no UTF-8, by throwing its
     * {@code UncheckedStreamException} (or another runtime exception) from any reader call.
     */
    static XmlException translate(RuntimeException failure) {
        Throwable reported = failure.getCause() instanceof XMLStreamException cause ? cause : failure;
        String message = String.valueOf(reported.getMessage());
        return new XmlException(StreamError.NOT_WELL_FORMED, message.lines().findFirst().orElse(message), failure);
    }
}
