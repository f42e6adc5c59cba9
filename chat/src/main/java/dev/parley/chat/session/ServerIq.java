package dev.parley.chat.session;

import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.XmlElement;

/**
 * IQ get/set requests the server answers itself: to the server, or to the sender's own bare JID (RFC 6121
 * §8.5.1). Unknown payloads get {@code service-unavailable} (RFC 6120 §8.4).
 */
final class ServerIq {

    static final String PING = "urn:xmpp:ping";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    static final String ROSTER = "jabber:iq:roster";
    static final String CARBONS = "urn:xmpp:carbons:2";
    static final String TIGASE_MOBILE = "http://tigase.org/protocol/mobile#v2";

    private final ClientSession session;
    private final ChatContext chat;

    ServerIq(ClientSession session, ChatContext chat) {
        this.session = session;
        this.chat = chat;
    }

    void handle(XmlElement iq, Jid to) {
        XmlElement payload = iq.elements().getFirst();
        boolean get = "get".equals(iq.attribute("type"));
        String key = payload.namespace() + " " + payload.name();
        XmlElement answer = switch (key) {
            case PING + " ping" -> get ? result(iq, null) : null;
            case DISCO_INFO + " query" -> get ? result(iq, discoInfo(to, payload)) : null;
            case DISCO_ITEMS + " query" -> get ? result(iq, XmlElement.builder("query", DISCO_ITEMS)
                    .attribute("node", payload.attribute("node")).build()) : null;
            // Parley keeps no rosters: an empty one lets clients that always load it go on.
            case ROSTER + " query" -> get ? result(iq, XmlElement.builder("query", ROSTER).build()) : null;
            case CARBONS + " enable", CARBONS + " disable" -> get ? null : carbons(iq, payload.name().equals("enable"));
            case StreamNegotiation.SESSION + " session" -> get ? null : result(iq, null);
            // Tigase mobile optimisations, sent by the QuickBlox SDKs: acknowledged, nothing to change.
            case TIGASE_MOBILE + " mobile" -> get ? null : result(iq, null);
            case StreamNegotiation.BIND + " bind" ->
                    Stanzas.errorReply(iq, StanzaError.NOT_ALLOWED, "A resource is already bound");
            default -> null;
        };
        if (answer == null) {
            session.bounce(iq, StanzaError.SERVICE_UNAVAILABLE, null);
            return;
        }
        session.send(answer);
    }

    private XmlElement result(XmlElement iq, XmlElement payload) {
        return Stanzas.iqResult(iq, payload).withAttribute("from", iq.attribute("to")).withAttribute("to",
                session.jid().toString());
    }

    private XmlElement carbons(XmlElement iq, boolean enable) {
        session.carbons(enable);
        return result(iq, null);
    }

    /** XEP-0030 §3.1: the server's identity and features, or the account's when asked of one's own JID. */
    private XmlElement discoInfo(Jid to, XmlElement request) {
        XmlElement.Builder query = XmlElement.builder("query", DISCO_INFO).attribute("node", request.attribute("node"));
        if (to != null && to.node() != null) {
            return query.child(identity("account", "registered", null)).child(feature(DISCO_INFO)).build();
        }
        query.child(identity("server", "im", "Parley"));
        for (String feature : new String[] {DISCO_INFO, DISCO_ITEMS, PING, CARBONS, "urn:xmpp:sm:3", "urn:xmpp:csi:0",
                "urn:xmpp:delay", "msgoffline", TIGASE_MOBILE}) {
            query.child(feature(feature));
        }
        return query.build();
    }

    private static XmlElement identity(String category, String type, String name) {
        return XmlElement.builder("identity", DISCO_INFO).attribute("category", category).attribute("type", type)
                .attribute("name", name).build();
    }

    private static XmlElement feature(String var) {
        return XmlElement.builder("feature", DISCO_INFO).attribute("var", var).build();
    }
}
