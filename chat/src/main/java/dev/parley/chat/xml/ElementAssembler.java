package dev.parley.chat.xml;

import com.fasterxml.aalto.util.XmlChars;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Builds {@link XmlElement} trees from a StAX reader's start, text and end events, with an explicit
 * stack so that input never drives recursion here.
 *
 * <p>Nesting is capped at {@value #MAX_DEPTH} levels (policy-violation): serialization and equality
 * recurse, and no XMPP payload comes near that depth.
 *
 * <p>Thread-safety: not thread-safe; owned by one document.
 */
final class ElementAssembler {

    static final int MAX_DEPTH = 256;

    private final Deque<XmlElement.Builder> open = new ArrayDeque<>();
    private final StringBuilder pendingText = new StringBuilder();

    /**
     * The element at the reader's START_ELEMENT, without children. Namespaced attributes other than
     * {@code xml:lang} are dropped: no XMPP protocol Parley serves uses them.
     */
    static XmlElement.Builder startTag(XMLStreamReader reader) throws XmlException {
        requireLocalName(reader.getPrefix(), reader.getLocalName());
        XmlElement.Builder element = XmlElement.builder(reader.getLocalName(), reader.getNamespaceURI());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String namespace = reader.getAttributeNamespace(i);
            String name = reader.getAttributeLocalName(i);
            requireLocalName(reader.getAttributePrefix(i), name);
            if (namespace == null || namespace.isEmpty()) {
                element.attribute(name, reader.getAttributeValue(i));
            } else if (namespace.equals(XMLConstants.XML_NS_URI)) {
                element.attribute(XMLConstants.XML_NS_PREFIX + ":" + name, reader.getAttributeValue(i));
            }
        }
        return element;
    }

    /**
     * Refuses a prefixed name whose local part is not an NCName (Namespaces in XML 1.0 §4): Aalto checks the first
     * character of a name only before the colon, so {@code <x:2q/>} came through as an element named "2q", which
     * no serialization can carry to the recipient (found by fuzzing).
     */
    private static void requireLocalName(String prefix, String localName) throws XmlException {
        if (prefix == null || prefix.isEmpty()) {
            return;
        }
        if (localName.isEmpty() || localName.indexOf(':') >= 0 || !XmlChars.is10NameStartChar(localName.codePointAt(0))) {
            throw new XmlException(StreamError.NOT_WELL_FORMED,
                    "'" + prefix + ":" + localName + "' is not a qualified name (Namespaces in XML 1.0 §4)");
        }
    }

    /** Opens an element at the reader's START_ELEMENT. */
    void start(XMLStreamReader reader) throws XmlException {
        if (open.size() >= MAX_DEPTH) {
            throw new XmlException(StreamError.POLICY_VIOLATION, "elements nested deeper than " + MAX_DEPTH);
        }
        flushText();
        open.push(startTag(reader));
    }

    /** Appends the reader's CHARACTERS, CDATA or SPACE to the innermost open element. */
    void text(XMLStreamReader reader) {
        pendingText.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
    }

    /** Closes the innermost element; returns it if it was the outermost one, else {@code null}. */
    XmlElement end() {
        flushText();
        XmlElement closed = open.pop().build();
        if (open.isEmpty()) {
            return closed;
        }
        open.peek().child(closed);
        return null;
    }

    /** Number of open elements. */
    int depth() {
        return open.size();
    }

    /** Text arrives in pieces (split input, entities, CDATA); it is joined once per text node. */
    private void flushText() {
        if (!pendingText.isEmpty()) {
            open.element().text(pendingText.toString());
            pendingText.setLength(0);
        }
    }
}
