package dev.parley.chat.router;

import dev.parley.chat.ChatSettings;
import dev.parley.chat.session.ClientSession;
import dev.parley.chat.stanza.CallSignalStanza;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlFrameParser;
import dev.parley.chat.xml.XmlLimits;
import dev.parley.storage.OfflineMessageRepository;
import dev.parley.storage.model.OfflineMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers stanzas between users of one application (RFC 6121 §8.5): to a full JID's session, or to every
 * session of a bare JID; chat messages for users with no available session go to offline storage and come
 * back with a {@code <delay/>} (XEP-0203, XEP-0160); headlines (call signaling) only ever reach connected
 * sessions, and call signals are shown to the {@link CallSignalObserver} with whether any session took them.
 * Carbons (XEP-0280) copy chat messages to a user's other sessions. Nothing crosses applications. Methods are
 * called on the sender's event loop; delivery hops to each recipient's loop; storage runs on a worker. Thread-safe.
 */
public final class StanzaRouter {

    static final String CARBONS = "urn:xmpp:carbons:2";
    static final String FORWARD = "urn:xmpp:forward:0";
    private static final Set<String> SUBSCRIPTION_TYPES = Set.of("subscribe", "subscribed", "unsubscribe", "unsubscribed");
    private static final Logger LOG = LoggerFactory.getLogger(StanzaRouter.class);

    private final SessionRegistry registry;
    private final OfflineMessageRepository offline;
    private final ChatSettings settings;
    private final Clock clock;
    private final CallSignalObserver callSignals;

    public StanzaRouter(SessionRegistry registry, OfflineMessageRepository offline, ChatSettings settings, Clock clock,
                        CallSignalObserver callSignals) {
        this.registry = registry;
        this.callSignals = callSignals;
        this.offline = offline;
        this.settings = settings;
        this.clock = clock;
    }

    public void routeMessage(ClientSession sender, XmlElement message) {
        String type = Optional.ofNullable(message.attribute("type")).orElse("normal");
        if (type.equals("groupchat")) {
            sender.bounce(message, StanzaError.SERVICE_UNAVAILABLE, "No group chat service here");
            return;
        }
        Optional<Recipient> recipient = recipient(sender, message);
        if (recipient.isEmpty()) {
            return;
        }
        Recipient to = recipient.get();
        List<ClientSession> sessions = registry.sessionsOf(to.applicationId(), to.userId());
        if (type.equals("headline")) {
            observeCallSignal(sender, to, message, !sessions.isEmpty());
        }
        if (!to.jid().isBare()) {
            ClientSession target = registry.byFullJid(to.applicationId(), to.userId(), to.jid().resource());
            if (target != null) {
                target.deliver(message);
                if (type.equals("chat")) {
                    carbonCopies(sessions, target, message, "received", to.jid().bare());
                    carbonCopies(registry.sessionsOf(sender.user().applicationId(), sender.user().userId()), sender,
                            message, "sent", sender.jid().bare());
                }
                return;
            }
            if (type.equals("headline") || type.equals("error")) {
                return; // RFC 6121 §8.5.3.2.1: not to another resource, and never stored
            }
        }
        if (type.equals("headline") || type.equals("error")) {
            sessions.forEach(s -> s.deliver(message)); // to every connected session, never stored
            return;
        }
        List<ClientSession> available = sessions.stream().filter(ClientSession::available).toList();
        if (!available.isEmpty()) {
            available.forEach(s -> s.deliver(message));
            if (type.equals("chat")) {
                carbonCopies(registry.sessionsOf(sender.user().applicationId(), sender.user().userId()), sender,
                        message, "sent", sender.jid().bare());
            }
            return;
        }
        if (message.element("body", Stanzas.CLIENT) == null) {
            return; // only messages with a body are kept for later (XEP-0160 §3)
        }
        store(sender, sender, to, message);
    }

    /** Tells the observer of a headline that is a call signal (one {@code <extraParams>} with a signal type). */
    private void observeCallSignal(ClientSession sender, Recipient to, XmlElement message, boolean connected) {
        XmlElement params = message.element(CallSignalStanza.EXTRA_PARAMS, Stanzas.CLIENT);
        String signalType = params == null ? null : text(params, "signalType");
        if (signalType == null) {
            return;
        }
        XmlElement opponents = params.element("opponentsIDs", Stanzas.CLIENT);
        List<String> opponentIds = opponents == null ? List.of() : opponents.elements().stream()
                .map(XmlElement::text).filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
        callSignals.observed(to.applicationId(), sender.user().userId(), to.userId(), connected,
                new CallSignalObserver.Signal(signalType, text(params, "sessionID"), text(params, "callType"),
                        text(params, "callerID"), opponentIds));
    }

    private static String text(XmlElement parent, String name) {
        XmlElement child = parent.element(name, Stanzas.CLIENT);
        String text = child == null ? null : child.text();
        return text == null || text.isBlank() ? null : text.strip();
    }

    /**
     * Directed presence to another user of the same application; silently dropped otherwise (RFC 6121 §4.6).
     * Subscription requests and answers are relayed, though Parley keeps no subscription state, stamped with the
     * sender's bare JID (RFC 6121 §3, §3.1.2, §3.1.5).
     */
    public void routePresence(ClientSession sender, XmlElement stanza) {
        String type = Optional.ofNullable(stanza.attribute("type")).orElse("available");
        XmlElement presence = SUBSCRIPTION_TYPES.contains(type)
                ? stanza.withAttribute("from", sender.jid().bare().toString()) : stanza;
        Optional<Jid> to = Jid.parse(presence.attribute("to"));
        if (to.isEmpty() || to.get().node() == null) {
            return;
        }
        if (type.equals("available") || type.equals("unavailable")) {
            sender.directedPresence().sent(to.get().toString(), type.equals("available"));
        }
        Optional<Long> app = to.get().applicationId();
        Optional<Long> user = to.get().userId();
        if (app.isEmpty() || user.isEmpty() || app.get() != sender.user().applicationId()) {
            return;
        }
        for (ClientSession target : registry.sessionsOf(app.get(), user.get())) {
            if (to.get().isBare() || to.get().resource().equals(target.jid().resource())) {
                target.deliver(presence);
            }
        }
    }

    /** An IQ to another user's full JID goes to that session; anything else is service-unavailable. */
    public void routeIq(ClientSession sender, XmlElement iq, Jid to) {
        Optional<Long> app = to.applicationId();
        Optional<Long> user = to.userId();
        boolean request = "get".equals(iq.attribute("type")) || "set".equals(iq.attribute("type"));
        ClientSession target = app.isPresent() && user.isPresent() && app.get() == sender.user().applicationId()
                && !to.isBare() ? registry.byFullJid(app.get(), user.get(), to.resource()) : null;
        if (target != null) {
            target.deliver(iq);
        } else if (request) {
            sender.bounce(iq, StanzaError.SERVICE_UNAVAILABLE, null);
        }
    }

    /**
     * Tells those the session sent directed presence to that it is unavailable (RFC 6121 §4.6.3). Parley keeps
     * no rosters, so there is nobody else to tell; availability is visible through /users/online.
     */
    public void broadcastUnavailable(ClientSession session) {
        for (String to : session.directedPresence().drain()) {
            routePresence(session, XmlElement.builder("presence", Stanzas.CLIENT)
                    .attribute("type", "unavailable")
                    .attribute("from", session.jid().toString())
                    .attribute("to", to)
                    .build());
        }
    }

    /**
     * Delivers stored messages (XEP-0160 §3), oldest first, with a {@code <delay/>}: after a session's initial
     * presence, and after a message was stored for a user who became available meanwhile. They go to every
     * available session of the user (or the triggering one, if none is available any more).
     */
    public void deliverOffline(ClientSession session) {
        long app = session.user().applicationId();
        long user = session.user().userId();
        session.context().<List<OfflineMessage>>executeBlocking(() -> offline.takeAll(app, user), false)
                .onComplete(result -> {
                    if (result.failed()) {
                        LOG.error("Cannot read offline messages of user {}", user, result.cause());
                        return;
                    }
                    List<ClientSession> targets = registry.sessionsOf(app, user).stream()
                            .filter(ClientSession::available).toList();
                    for (OfflineMessage stored : result.result()) {
                        XmlElement delayed = withDelay(stored);
                        if (delayed != null) {
                            (targets.isEmpty() ? List.of(session) : targets).forEach(s -> s.deliver(delayed));
                        }
                    }
                });
    }

    private XmlElement withDelay(OfflineMessage stored) {
        try {
            XmlElement message = XmlFrameParser.parse(stored.stanza(), XmlLimits.ofStanzaBytes(Integer.MAX_VALUE));
            XmlElement delay = message.element("delay", Stanzas.DELAY);
            if (delay != null && settings.domain().equals(delay.attribute("from"))) {
                return message; // stored again after a delivery that did not happen: it keeps its first stamp
            }
            return Stanzas.withChild(message, XmlElement.builder("delay", Stanzas.DELAY)
                    .attribute("from", settings.domain())
                    .attribute("stamp", stored.createdAt().truncatedTo(ChronoUnit.MILLIS).toString())
                    .build());
        } catch (Exception e) {
            LOG.error("Dropping an unreadable offline message {}", stored.id(), e);
            return null;
        }
    }

    /** Messages a dropped session never acknowledged are stored for the user, so nothing is lost (XEP-0198 §5). */
    public void storeUnacknowledged(ClientSession session, List<XmlElement> stanzas) {
        for (XmlElement stanza : stanzas) {
            String type = Optional.ofNullable(stanza.attribute("type")).orElse("normal");
            if (stanza.name().equals("message") && (type.equals("chat") || type.equals("normal"))
                    && stanza.element("body", Stanzas.CLIENT) != null) {
                Recipient self = new Recipient(session.jid().bare(), session.user().applicationId(), session.user().userId());
                store(session, null, self, stanza);
            }
        }
    }

    private record Recipient(Jid jid, long applicationId, long userId) {
    }

    /** The addressee, if it is a user of the sender's application; otherwise the sender gets an error. */
    private Optional<Recipient> recipient(ClientSession sender, XmlElement stanza) {
        String raw = stanza.attribute("to");
        if (raw == null) {
            return Optional.empty();
        }
        Optional<Jid> to = Jid.parse(raw);
        if (to.isEmpty()) {
            sender.bounce(stanza, StanzaError.JID_MALFORMED, "Malformed 'to'");
            return Optional.empty();
        }
        Optional<Long> app = to.get().applicationId();
        Optional<Long> user = to.get().userId();
        if (app.isEmpty() || user.isEmpty() || app.get() != sender.user().applicationId()) {
            sender.bounce(stanza, StanzaError.SERVICE_UNAVAILABLE, null);
            return Optional.empty();
        }
        return Optional.of(new Recipient(to.get(), app.get(), user.get()));
    }

    /**
     * Stores on a worker of {@code on}'s context, in order (a sender's messages are stored, and later
     * delivered, in the order sent), counted against the recipient's cap and against {@code sender}'s (a
     * guest's is smaller). When it cannot be stored (a store full, unknown user, database down) the
     * {@code sender}, if any, gets service-unavailable saying why.
     */
    private void store(ClientSession on, ClientSession sender, Recipient to, XmlElement message) {
        String xml = message.toXml();
        Long senderId = sender == null ? null : sender.user().userId();
        int senderCap = sender != null && sender.user().guest() ? settings.offlineMaxPerGuestSender() : settings.offlineMaxPerSender();
        on.context().<OfflineMessageRepository.Outcome>executeBlocking(() -> offline.add(to.applicationId(), to.userId(),
                        senderId, xml, clock.instant(), settings.offlineMaxMessages(), senderCap), true)
                .onComplete(result -> {
                    if (result.failed()) {
                        LOG.error("Cannot store an offline message for user {}", to.userId(), result.cause());
                    }
                    if (sender != null && (result.failed() || result.result() != OfflineMessageRepository.Outcome.STORED)) {
                        sender.bounce(message, StanzaError.SERVICE_UNAVAILABLE, result.failed() ? "The message cannot be stored now"
                                : switch (result.result()) {
                                    case SENDER_FULL -> "Too many of your messages wait for offline users (at most " + senderCap + ")";
                                    case NO_SUCH_USER -> "No such user";
                                    default -> "The recipient is offline and cannot receive more messages";
                                });
                        return;
                    }
                    // The recipient may have sent its initial presence while this was being stored, and
                    // collected its offline messages just before this one was there: deliver now.
                    registry.sessionsOf(to.applicationId(), to.userId()).stream().filter(ClientSession::available)
                            .findFirst().ifPresent(this::deliverOffline);
                });
    }

    private static void carbonCopies(List<ClientSession> sessions, ClientSession except, XmlElement message,
                                     String direction, Jid bare) {
        if (message.element("private", CARBONS) != null || message.element("no-copy", "urn:xmpp:hints") != null) {
            return;
        }
        for (ClientSession session : sessions) {
            if (session == except || !session.carbons()) {
                continue;
            }
            session.deliver(XmlElement.builder("message", Stanzas.CLIENT)
                    .attribute("from", bare.toString())
                    .attribute("to", session.jid().toString())
                    .attribute("type", "chat")
                    .child(XmlElement.builder(direction, CARBONS)
                            .child(XmlElement.builder("forwarded", FORWARD).child(message).build()).build())
                    .build());
        }
    }
}
