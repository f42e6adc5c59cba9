package dev.parley.chat.session;

import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;

import java.util.Optional;

/**
 * Stanzas of a bound session (RFC 6120 §8, RFC 6121): checks and stamps {@code from}, then hands messages,
 * presence and IQs to the router or to the server's own IQ handlers; stream-management and client-state
 * nonzas are handled here too. Runs on the session's event loop.
 */
final class StanzaHandler {

    private final ClientSession session;
    private final ChatContext chat;
    private final ServerIq serverIq;

    StanzaHandler(ClientSession session, ChatContext chat) {
        this.session = session;
        this.chat = chat;
        this.serverIq = new ServerIq(session, chat);
    }

    void handle(XmlElement element) {
        String ns = element.namespace();
        if (StreamManagement.NAMESPACE.equals(ns)) {
            if (element.name().equals("enable")) {
                StreamManagement.enable(session, chat, element);
            } else if (session.streamManagement() != null) {
                session.streamManagement().handle(element);
            } else {
                session.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, "Stream management is not enabled");
            }
            return;
        }
        if (ClientStateIndication.NAMESPACE.equals(ns)) {
            if (element.name().equals("inactive")) {
                session.csi().inactive();
            } else if (element.name().equals("active")) {
                session.csi().active().forEach(session::send);
            }
            return;
        }
        if (!Stanzas.isStanza(element)) {
            session.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, "Unexpected <" + element.name() + "> in namespace " + ns);
            return;
        }
        if (session.streamManagement() != null) {
            session.streamManagement().inboundStanza();
        }
        XmlElement stamped = stamp(element);
        if (stamped == null) {
            return;
        }
        switch (stamped.name()) {
            case "message" -> chat.router().routeMessage(session, stamped);
            case "presence" -> presence(stamped);
            default -> iq(stamped);
        }
    }

    /**
     * RFC 6120 §8.1.2.1: the server stamps the sender's full JID; a 'from' naming anyone else is an
     * {@code invalid-from} stream error. Returns null when the stream was closed.
     */
    private XmlElement stamp(XmlElement stanza) {
        String from = stanza.attribute("from");
        Jid jid = session.jid();
        if (from != null) {
            Optional<Jid> claimed = Jid.parse(from);
            boolean own = claimed.isPresent() && jid.node().equals(claimed.get().node())
                    && (claimed.get().isBare() || jid.resource().equals(claimed.get().resource()));
            if (!own) {
                session.streamError(StreamError.INVALID_FROM, "'from' must be your own address");
                return null;
            }
        }
        return stanza.withAttribute("from", jid.toString());
    }

    private void presence(XmlElement presence) {
        String type = presence.attribute("type");
        if (presence.attribute("to") != null) {
            chat.router().routePresence(session, presence);
            return;
        }
        if (type == null) {
            boolean initial = !session.available();
            session.available(true);
            chat.registry().availabilityChanged(session);
            if (initial) {
                chat.router().deliverOffline(session);
            }
        } else if (type.equals("unavailable")) {
            session.available(false);
            chat.registry().availabilityChanged(session);
            chat.router().broadcastUnavailable(session);
        }
        // Subscriptions and probes addressed to the server: Parley keeps no rosters, nothing to do.
    }

    private void iq(XmlElement iq) {
        String type = iq.attribute("type");
        if (iq.attribute("id") == null || type == null
                || !(type.equals("get") || type.equals("set") || type.equals("result") || type.equals("error"))) {
            session.bounce(iq, StanzaError.BAD_REQUEST, "An iq needs an id and a type of get, set, result or error");
            return;
        }
        if ((type.equals("get") || type.equals("set")) && iq.elements().size() != 1) {
            session.bounce(iq, StanzaError.BAD_REQUEST, "An iq get or set carries exactly one child");
            return;
        }
        Optional<Jid> to = Optional.ofNullable(iq.attribute("to")).flatMap(Jid::parse);
        if (iq.attribute("to") != null && to.isEmpty()) {
            session.bounce(iq, StanzaError.JID_MALFORMED, "Malformed 'to'");
            return;
        }
        boolean forServer = to.isEmpty() || to.get().node() == null
                || (to.get().isBare() && to.get().node().equals(session.jid().node()));
        if (forServer) {
            if (type.equals("result") || type.equals("error")) {
                return; // answers to the server's own pings (any input already counts as alive)
            }
            serverIq.handle(iq, to.orElse(null));
        } else {
            chat.router().routeIq(session, iq, to.get());
        }
    }
}
