package dev.parley.chat.session;

import dev.parley.chat.ChatSettings;
import dev.parley.chat.auth.ChatAuthenticator.AuthenticatedUser;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlException;
import dev.parley.common.limit.TokenBucket;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One client's XMPP session. Its state is confined to its connection's event loop ({@link #context()});
 * other threads reach it only through {@link #deliver} and {@link #closeFromAnyThread}, which hop onto that
 * loop. The stages a stream goes through (negotiation, then stanzas) are handled by {@link StreamNegotiation}
 * and {@link StanzaHandler}; stream management (XEP-0198), when enabled, by {@link StreamManagement}.
 */
public final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    /** Where the stream is (RFC 6120 §4.3, §6, §7). */
    public enum State { AWAITING_STREAM, NEGOTIATING, AUTHENTICATED, BOUND, CLOSED }

    private final ChatContext chat;
    private final Context context;
    private Transport transport;
    private final StreamNegotiation negotiation;
    private final StanzaHandler stanzas;
    private final TokenBucket inboundRate;
    private final ClientTimers timers;

    /** Written only on this session's loop; volatile because queued work on other threads checks it. */
    private volatile State state = State.AWAITING_STREAM;
    private String streamDomain;
    // Read by the router and registry from other event loops, hence volatile; written only on this loop.
    private volatile AuthenticatedUser user;
    private volatile Jid jid;
    private volatile boolean available;
    private volatile boolean carbons;
    private final ClientStateIndication csi;
    /** Whom this session sent available directed presence to (RFC 6121 §4.6), to tell them when it goes. */
    private final DirectedPresence directedPresence = new DirectedPresence();
    private StreamManagement streamManagement;
    /** Set when a resumed session took this one's place: stanzas still arriving here are passed on. */
    private volatile ClientSession replacedBy;

    public ClientSession(ChatContext chat, Context context, Transport transport) {
        this.chat = chat;
        this.context = context;
        this.transport = transport;
        this.negotiation = new StreamNegotiation(this, chat);
        this.stanzas = new StanzaHandler(this, chat);
        ChatSettings settings = chat.settings();
        this.inboundRate = new TokenBucket(chat.clock(), settings.stanzaBurst(), settings.stanzasPerSecond());
        this.csi = new ClientStateIndication(settings.csiMaxQueued());
        this.timers = new ClientTimers(this, chat);
        timers.startLoginTimeout();
    }

    // ---- input from the transport (event loop) ----

    /** The client opened a stream: the TCP stream header, or {@code <open/>} on a WebSocket. */
    public void streamOpened(XmlElement header) {
        if (state == State.CLOSED) {
            return;
        }
        timers.inboundActivity();
        negotiation.streamOpened(header);
    }

    /** A complete top-level element arrived. */
    public void element(XmlElement element) {
        if (state == State.CLOSED) {
            return;
        }
        timers.inboundActivity();
        if (!inboundRate.tryTake().isZero()) {
            streamError(StreamError.POLICY_VIOLATION, "Too many stanzas; at most "
                    + (int) chat.settings().stanzasPerSecond() + " per second");
            return;
        }
        if (state == State.BOUND) {
            stanzas.handle(element);
        } else {
            negotiation.handle(element);
        }
    }

    /** The client closed its stream (RFC 6120 §4.4): answer in kind and end the session. */
    public void streamClosed() {
        if (state == State.CLOSED) {
            return;
        }
        end(true);
        transport.closeStream();
    }

    /** The input was not acceptable XML. */
    public void parseFailed(XmlException e) {
        streamError(e.condition(), e.getMessage());
    }

    /** The connection went away (network drop, or after our own close). */
    public void transportClosed() {
        if (state == State.CLOSED) {
            return;
        }
        if (streamManagement != null && streamManagement.resumable() && state == State.BOUND) {
            // XEP-0198 §5: keep the session so that the client can resume it on a new connection.
            streamManagement.detach();
            timers.cancelAll();
            return;
        }
        end(false);
    }

    // ---- output (event loop) ----

    /** Sends a stanza or nonza; stanzas are counted and kept for stream management when it is on. */
    public void send(XmlElement element) {
        if (state == State.CLOSED) {
            return;
        }
        if (streamManagement != null && Stanzas.isStanza(element)) {
            streamManagement.outbound(element);
            if (streamManagement.detached()) {
                return;
            }
        }
        transport.send(element);
    }

    /** Sends a stream error, then ends the session and the connection. */
    public void streamError(StreamError error, String text) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.debug("Stream error {} to {} ({}): {}", error.elementName(), jid, transport.remoteAddress(), text);
        end(false);
        transport.sendStreamError(error, text);
    }

    public void bounce(XmlElement stanza, StanzaError error, String text) {
        if ("error".equals(stanza.attribute("type")) || "result".equals(stanza.attribute("type"))) {
            return; // never answer an error or a result with an error (RFC 6120 §8.3.1)
        }
        send(Stanzas.errorReply(stanza, error, text).withAttribute("to", jid == null ? null : jid.toString()));
    }

    // ---- input from other sessions (any thread) ----

    /** Hands a stanza to this session from any thread; it is written on this session's event loop. */
    public void deliver(XmlElement stanza) {
        context.runOnContext(v -> {
            if (state == State.CLOSED) {
                ClientSession next = replacedBy;
                if (next != null) {
                    next.deliver(stanza);
                } else if (user != null && jid != null) {
                    // Routed (or taken from offline storage) just before this session ended: a message
                    // goes back to offline storage rather than nowhere.
                    chat.router().storeUnacknowledged(this, List.of(stanza));
                }
                return;
            }
            if (csi.holds(stanza)) {
                return;
            }
            send(stanza);
        });
    }

    public void closeFromAnyThread(StreamError error, String text) {
        context.runOnContext(v -> {
            if (streamManagement != null && streamManagement.detached()) {
                end(false);
            } else {
                streamError(error, text);
            }
        });
    }

    // ---- life cycle ----

    /**
     * Ends the session: unregisters it, tells others it is gone, and moves unacknowledged messages to offline
     * storage. {@code clean} is a client-initiated close.
     */
    void end(boolean clean) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        timers.cancelAll();
        if (was == State.BOUND) {
            chat.registry().unregister(this);
            if (available) {
                available = false;
                chat.router().broadcastUnavailable(this);
            }
            if (streamManagement != null) {
                streamManagement.ended();
                chat.router().storeUnacknowledged(this, streamManagement.unacknowledged());
            }
        }
    }

    /** What a resumed session takes over from the detached one (XEP-0198 §5). */
    record Snapshot(AuthenticatedUser user, Jid jid, boolean available, boolean carbons, StreamManagement managed) {
    }

    /**
     * On the old session's loop: if it is still detached, retires it in favour of {@code successor} and returns
     * its state; otherwise null (it ended or was resumed already).
     */
    Snapshot handOver(ClientSession successor) {
        if (state != State.BOUND || streamManagement == null || !streamManagement.detached()) {
            return null;
        }
        state = State.CLOSED;
        timers.cancelAll();
        replacedBy = successor;
        return new Snapshot(user, jid, available, carbons, streamManagement);
    }

    /** On this session's loop: takes over a detached session's identity and unacknowledged queue. */
    void adopt(Snapshot old) {
        this.user = old.user();
        this.jid = old.jid();
        this.available = old.available();
        this.carbons = old.carbons();
        this.streamManagement = old.managed().movedTo(this);
        this.state = State.BOUND;
        timers.loggedIn();
    }

    // ---- state accessors used by the negotiation, handlers and router ----

    public Context context() {
        return context;
    }

    public Transport transport() {
        return transport;
    }

    public State state() {
        return state;
    }

    void state(State next) {
        state = next;
        if (next == State.BOUND) {
            timers.loggedIn();
        }
    }

    public Jid jid() {
        return jid;
    }

    void jid(Jid boundJid) {
        this.jid = boundJid;
    }

    public AuthenticatedUser user() {
        return user;
    }

    void user(AuthenticatedUser authenticated) {
        this.user = authenticated;
    }

    public String streamDomain() {
        return streamDomain;
    }

    void streamDomain(String domain) {
        this.streamDomain = domain;
    }

    public boolean available() {
        return available;
    }

    void available(boolean value) {
        available = value;
    }

    public boolean carbons() {
        return carbons;
    }

    void carbons(boolean enabled) {
        carbons = enabled;
    }

    ClientStateIndication csi() {
        return csi;
    }

    public DirectedPresence directedPresence() {
        return directedPresence;
    }

    StreamManagement streamManagement() {
        return streamManagement;
    }

    void streamManagement(StreamManagement managed) {
        this.streamManagement = managed;
    }

    ClientTimers timers() {
        return timers;
    }
}
