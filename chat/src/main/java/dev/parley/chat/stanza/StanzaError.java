package dev.parley.chat.stanza;

import dev.parley.chat.xml.XmlElement;

/**
 * Stanza error conditions Parley sends (RFC 6120 §8.3.3), each with its default error type (§8.3.2).
 */
public enum StanzaError {
    BAD_REQUEST("bad-request", "modify"),
    CONFLICT("conflict", "cancel"),
    FEATURE_NOT_IMPLEMENTED("feature-not-implemented", "cancel"),
    FORBIDDEN("forbidden", "auth"),
    ITEM_NOT_FOUND("item-not-found", "cancel"),
    JID_MALFORMED("jid-malformed", "modify"),
    NOT_ACCEPTABLE("not-acceptable", "modify"),
    NOT_ALLOWED("not-allowed", "cancel"),
    NOT_AUTHORIZED("not-authorized", "auth"),
    POLICY_VIOLATION("policy-violation", "modify"),
    RECIPIENT_UNAVAILABLE("recipient-unavailable", "wait"),
    REMOTE_SERVER_NOT_FOUND("remote-server-not-found", "cancel"),
    RESOURCE_CONSTRAINT("resource-constraint", "wait"),
    SERVICE_UNAVAILABLE("service-unavailable", "cancel"),
    UNEXPECTED_REQUEST("unexpected-request", "wait");

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private final String condition;
    private final String type;

    StanzaError(String condition, String type) {
        this.condition = condition;
        this.type = type;
    }

    public String condition() {
        return condition;
    }

    /** {@code <error type="..."><condition xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>[<text>]</error>}. */
    public XmlElement element(String text) {
        XmlElement.Builder error = XmlElement.builder("error", Stanzas.CLIENT).attribute("type", type)
                .child(XmlElement.builder(condition, NAMESPACE).build());
        if (text != null) {
            error.child(XmlElement.builder("text", NAMESPACE).attribute("xml:lang", "en").text(text).build());
        }
        return error.build();
    }
}
