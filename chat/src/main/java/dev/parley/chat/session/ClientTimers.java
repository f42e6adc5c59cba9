package dev.parley.chat.session;

import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import io.vertx.core.Vertx;

/**
 * A session's timers, all on its event loop: the login deadline (authenticate and bind in time), and the
 * keep-alive of XEP-0199 §4.2: after {@code ping-interval} without input the server pings, and a client that
 * does not answer within {@code ping-timeout} is disconnected.
 */
final class ClientTimers {

    private static final String PING_ID = "parley-ping";

    private final ClientSession session;
    private final Vertx vertx;
    private final long pingIntervalMs;
    private final long pingTimeoutMs;
    private final long loginTimeoutMs;
    private long loginTimer = -1;
    private long pingTimer = -1;
    private long lastInput;
    private boolean pingOutstanding;

    ClientTimers(ClientSession session, ChatContext chat) {
        this.session = session;
        this.vertx = chat.vertx();
        this.pingIntervalMs = chat.settings().pingInterval().toMillis();
        this.pingTimeoutMs = chat.settings().pingTimeout().toMillis();
        this.loginTimeoutMs = chat.settings().loginTimeout().toMillis();
        this.lastInput = System.nanoTime();
    }

    void startLoginTimeout() {
        loginTimer = vertx.setTimer(loginTimeoutMs, id -> session.streamError(StreamError.CONNECTION_TIMEOUT,
                "Authenticate and bind a resource within " + loginTimeoutMs / 1000 + " s"));
    }

    /** The session is bound: the login deadline no longer applies, keep-alive starts. */
    void loggedIn() {
        cancel(loginTimer);
        loginTimer = -1;
        schedulePing(pingIntervalMs);
    }

    void inboundActivity() {
        lastInput = System.nanoTime();
        pingOutstanding = false;
    }

    void cancelAll() {
        cancel(loginTimer);
        cancel(pingTimer);
        loginTimer = -1;
        pingTimer = -1;
    }

    private void schedulePing(long delayMs) {
        cancel(pingTimer);
        pingTimer = vertx.setTimer(Math.max(1, delayMs), id -> checkAlive());
    }

    private void checkAlive() {
        long idleMs = (System.nanoTime() - lastInput) / 1_000_000;
        if (pingOutstanding) {
            session.streamError(StreamError.CONNECTION_TIMEOUT, "No answer to ping within " + pingTimeoutMs / 1000 + " s");
            return;
        }
        if (idleMs < pingIntervalMs) {
            schedulePing(pingIntervalMs - idleMs);
            return;
        }
        pingOutstanding = true;
        session.send(XmlElement.builder("iq", Stanzas.CLIENT)
                .attribute("type", "get")
                .attribute("id", PING_ID)
                .attribute("to", session.jid() == null ? null : session.jid().toString())
                .attribute("from", session.streamDomain())
                .child(XmlElement.builder("ping", "urn:xmpp:ping").build())
                .build());
        schedulePing(pingTimeoutMs);
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
