package dev.parley.chat.session;

import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.common.security.SecureTokens;

import java.util.ArrayDeque;
import java.util.List;

/**
 * XEP-0198 stream management for one session: counts stanzas both ways, answers and requests acks, keeps
 * sent stanzas until the client acknowledges them, and lets a dropped connection be resumed within
 * {@code resume-timeout} with nothing lost. Confined to its owner's event loop (the owner changes on resume).
 *
 * <p>What it keeps is bounded by count and by {@linkplain XmlElement#weight() weight}: per connection here,
 * per user and per server through the shared {@link UnackedBudget}. A client that does not acknowledge
 * until a bound is reached is disconnected with policy-violation; what it had not acknowledged, the
 * stanza that broke the bound included, goes where unacknowledged stanzas of an ended session go (chat
 * messages to offline storage), so nothing is lost silently.
 */
final class StreamManagement {

    static final String NAMESPACE = "urn:xmpp:sm:3";
    /** Request an ack after this many unacknowledged stanzas. */
    private static final int ACK_EVERY = 5;

    private ClientSession owner;
    private final ChatContext chat;
    private final String id = SecureTokens.urlSafe(18);
    private final boolean resumable;
    private final ArrayDeque<XmlElement> unacked = new ArrayDeque<>();
    /** The weight of {@link #unacked} reserved in the shared budget (a stanza that broke a bound is not). */
    private long reservedBytes;
    /** Stanzas received from the client (XEP-0198 'h' of our acks). */
    private long inbound;
    /** Stanzas sent to the client; the oldest unacknowledged one has number sent - unacked.size() + 1. */
    private long sent;
    private boolean detached;
    private long resumeTimer = -1;

    private StreamManagement(ClientSession owner, ChatContext chat, boolean resumable) {
        this.owner = owner;
        this.chat = chat;
        this.resumable = resumable;
    }

    /** {@code <enable/>} (XEP-0198 §3): answers {@code <enabled/>} and attaches to the session. */
    static void enable(ClientSession session, ChatContext chat, XmlElement enable) {
        if (session.streamManagement() != null) {
            session.send(failed(StanzaError.UNEXPECTED_REQUEST));
            return;
        }
        boolean resume = "true".equals(enable.attribute("resume")) || "1".equals(enable.attribute("resume"));
        StreamManagement managed = new StreamManagement(session, chat, resume);
        XmlElement.Builder enabled = XmlElement.builder("enabled", NAMESPACE);
        if (resume) {
            enabled.attribute("id", managed.id).attribute("resume", "true")
                    .attribute("max", String.valueOf(chat.settings().resumeTimeout().toSeconds()));
        }
        session.transport().send(enabled.build());
        session.streamManagement(managed);
    }

    /**
     * {@code <resume/>} (XEP-0198 §5) on a new, authenticated stream: takes the detached session over on its
     * own event loop, then continues here; answers {@code <failed/>} when there is nothing to resume.
     */
    static void resume(ClientSession successor, ChatContext chat, XmlElement resume) {
        ClientSession old = chat.registry().detachedSession(resume.attribute("previd"));
        long handled;
        try {
            handled = Long.parseLong(String.valueOf(resume.attribute("h")));
        } catch (NumberFormatException e) {
            successor.send(failed(StanzaError.BAD_REQUEST));
            return;
        }
        if (old == null || old.user().applicationId() != successor.user().applicationId()
                || old.user().userId() != successor.user().userId()) {
            successor.transport().send(failed(StanzaError.ITEM_NOT_FOUND));
            return;
        }
        old.context().runOnContext(v -> {
            ClientSession.Snapshot snapshot = old.handOver(successor);
            successor.context().runOnContext(w -> {
                if (snapshot == null || successor.state() == ClientSession.State.CLOSED) {
                    successor.transport().send(failed(StanzaError.ITEM_NOT_FOUND));
                    return;
                }
                successor.adopt(snapshot);
                chat.registry().replace(old, successor);
                successor.streamManagement().resumed(handled);
            });
        });
    }

    static XmlElement failed(StanzaError condition) {
        return XmlElement.builder("failed", NAMESPACE)
                .child(XmlElement.builder(condition.condition(), StanzaError.NAMESPACE).build()).build();
    }

    boolean resumable() {
        return resumable;
    }

    boolean detached() {
        return detached;
    }

    /** Handles {@code <r/>} and {@code <a/>} from the client. */
    void handle(XmlElement element) {
        switch (element.name()) {
            case "r" -> owner.transport().send(ack());
            case "a" -> {
                try {
                    acknowledged(Long.parseLong(String.valueOf(element.attribute("h"))));
                } catch (NumberFormatException e) {
                    owner.streamError(StreamError.UNDEFINED_CONDITION, "Acknowledgement without a valid h");
                }
            }
            case "enable" -> owner.send(failed(StanzaError.UNEXPECTED_REQUEST));
            default -> owner.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, "Unexpected <" + element.name() + ">");
        }
    }

    void inboundStanza() {
        inbound++;
    }

    /** Records a stanza going to the client; asks for an ack now and then. */
    void outbound(XmlElement stanza) {
        sent++;
        String refusal = reserve(stanza.weight());
        unacked.addLast(stanza);
        if (refusal != null) {
            owner.streamError(StreamError.POLICY_VIOLATION, refusal);
            return;
        }
        if (!detached && unacked.size() % ACK_EVERY == 0) {
            owner.context().runOnContext(v -> {
                if (!detached && owner.state() != ClientSession.State.CLOSED) {
                    owner.transport().send(XmlElement.builder("r", NAMESPACE).build());
                }
            });
        }
    }

    /** The connection dropped: hold the session for the resume timeout, queueing what arrives meanwhile. */
    void detach() {
        detached = true;
        chat.registry().detached(id, owner);
        ClientSession current = owner;
        resumeTimer = chat.vertx().setTimer(chat.settings().resumeTimeout().toMillis(), t -> {
            if (detached && owner == current) {
                current.end(false);
            }
        });
    }

    /** The session is over for good: it can no longer be resumed, and what it kept is given back. */
    void ended() {
        chat.vertx().cancelTimer(resumeTimer);
        chat.registry().forgetDetached(id);
        chat.unacked().release(owner.user().applicationId(), owner.user().userId(), reservedBytes);
        reservedBytes = 0;
    }

    StreamManagement movedTo(ClientSession successor) {
        chat.vertx().cancelTimer(resumeTimer);
        chat.registry().forgetDetached(id);
        owner = successor;
        detached = false;
        return this;
    }

    /** Completes a resumption: confirms it, then resends what the client had not acknowledged. */
    void resumed(long handled) {
        acknowledged(Math.min(handled, sent));
        owner.transport().send(XmlElement.builder("resumed", NAMESPACE)
                .attribute("previd", id).attribute("h", String.valueOf(inbound)).build());
        for (XmlElement stanza : unacked) {
            owner.transport().send(stanza);
        }
    }

    List<XmlElement> unacknowledged() {
        return List.copyOf(unacked);
    }

    private XmlElement ack() {
        return XmlElement.builder("a", NAMESPACE).attribute("h", String.valueOf(inbound)).build();
    }

    private void acknowledged(long handled) {
        long oldest = sent - unacked.size();
        if (handled > sent) {
            owner.streamError(StreamError.UNDEFINED_CONDITION, "h=" + handled + " acknowledges more than was sent ("
                    + sent + ")");
            return;
        }
        long released = 0;
        for (long n = oldest; n < handled && !unacked.isEmpty(); n++) {
            released += unacked.pollFirst().weight();
        }
        reservedBytes -= released;
        chat.unacked().release(owner.user().applicationId(), owner.user().userId(), released);
    }

    /**
     * Reserves room for one more unacknowledged stanza of {@code weight}; returns null when it fits, or why
     * not (the connection, the user's connections together or the whole server would keep too much).
     */
    private String reserve(int weight) {
        if (unacked.size() >= chat.settings().maxUnackedStanzas()) {
            return "Too many unacknowledged stanzas (" + chat.settings().maxUnackedStanzas() + "): acknowledge them (XEP-0198)";
        }
        long perConnection = chat.settings().maxUnackedBytes();
        if (!unacked.isEmpty() && reservedBytes + weight > perConnection) {
            return "Too much unacknowledged data (over " + perConnection + " bytes): acknowledge it (XEP-0198)";
        }
        UnackedBudget.Refusal refusal = chat.unacked().reserve(owner.user().applicationId(), owner.user().userId(), weight);
        return switch (refusal) {
            case NONE -> {
                reservedBytes += weight;
                yield null;
            }
            case USER -> "Too much unacknowledged data over all your connections (over " + chat.unacked().perUser()
                    + " bytes): acknowledge it (XEP-0198)";
            case SERVER -> "The server holds too much unacknowledged data: acknowledge it (XEP-0198)";
        };
    }
}
