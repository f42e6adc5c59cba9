package dev.parley.chat.transport;

import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;

import java.util.List;

/**
 * The prefixed {@code stream:} elements, written with their prefix as every client expects them (some match
 * on the qualified name {@code stream:features}). On a WebSocket each is its own document, so the prefix is
 * declared on it (RFC 7395 §3.4).
 */
final class StreamElements {

    static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";

    private StreamElements() {
    }

    static String features(List<XmlElement> children, boolean declarePrefix) {
        StringBuilder xml = new StringBuilder("<stream:features").append(declare(declarePrefix)).append('>');
        children.forEach(child -> xml.append(child.toXml()));
        return xml.append("</stream:features>").toString();
    }

    /** RFC 6120 §4.9.2: the condition, and a text in English when given. */
    static String error(StreamError error, String text, boolean declarePrefix) {
        StringBuilder xml = new StringBuilder("<stream:error").append(declare(declarePrefix)).append('>')
                .append(XmlElement.builder(error.elementName(), STREAM_ERRORS).build().toXml());
        if (text != null) {
            xml.append(XmlElement.builder("text", STREAM_ERRORS).attribute("xml:lang", "en").text(text).build().toXml());
        }
        return xml.append("</stream:error>").toString();
    }

    /** Escapes text and attribute values alike (the five XML special characters). */
    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    private static String declare(boolean declarePrefix) {
        return declarePrefix ? " xmlns:stream='" + Stanzas.STREAMS + "'" : "";
    }
}
