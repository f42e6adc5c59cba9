package dev.parley.chat.stanza;

import dev.parley.chat.xml.XmlElement;

/** Building blocks for the stanzas the server writes: IQ results, error bounces, namespaces. */
public final class Stanzas {

    public static final String CLIENT = "jabber:client";
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    public static final String DELAY = "urn:xmpp:delay";

    private Stanzas() {
    }

    /** An IQ result for a request, optionally with one child payload (RFC 6120 §8.2.3). */
    public static XmlElement iqResult(XmlElement iq, XmlElement payload) {
        XmlElement.Builder result = XmlElement.builder("iq", CLIENT)
                .attribute("type", "result")
                .attribute("id", iq.attribute("id"));
        if (payload != null) {
            result.child(payload);
        }
        return result.build();
    }

    /**
     * The error reply to a stanza (RFC 6120 §8.3.1): same name and id, type="error", to and from swapped,
     * the original payload kept for IQs and messages, and the error condition appended.
     */
    public static XmlElement errorReply(XmlElement stanza, StanzaError condition, String text) {
        XmlElement.Builder reply = XmlElement.builder(stanza.name(), CLIENT)
                .attribute("type", "error")
                .attribute("id", stanza.attribute("id"))
                .attribute("to", stanza.attribute("from"))
                .attribute("from", stanza.attribute("to"));
        for (XmlElement child : stanza.elements()) {
            if (!child.name().equals("error")) {
                reply.child(child);
            }
        }
        return reply.child(condition.element(text)).build();
    }

    /** A copy of the element with one more child at the end. */
    public static XmlElement withChild(XmlElement element, XmlElement child) {
        XmlElement.Builder copy = XmlElement.builder(element.name(), element.namespace());
        element.attributes().forEach(copy::attribute);
        for (Object node : element.children()) {
            if (node instanceof XmlElement e) {
                copy.child(e);
            } else {
                copy.text((String) node);
            }
        }
        return copy.child(child).build();
    }

    public static boolean isStanza(XmlElement element) {
        return CLIENT.equals(element.namespace())
                && (element.name().equals("message") || element.name().equals("presence") || element.name().equals("iq"));
    }
}
