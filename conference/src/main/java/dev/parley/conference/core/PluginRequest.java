package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.janus.JanusError;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.Jsep;
import dev.parley.conference.sdp.SessionDescription;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@code message} for a plugin: its body, and its jsep with the description already parsed (the core refuses a
 * description that does not parse, with 465). The plugin answers exactly once — {@link #ack} when the outcome follows
 * as an event, {@link #success} for a synchronous request, or {@link #error} — from any thread; later answers are
 * ignored.
 */
public final class PluginRequest {

    private final String transaction;
    private final long sessionId;
    private final long handleId;
    private final String plugin;
    private final ObjectNode body;
    private final Jsep jsep;
    private final SessionDescription description;
    private final Executor core;
    private final Consumer<JanusMessage> reply;
    private final AtomicBoolean answered = new AtomicBoolean();

    PluginRequest(String transaction, long sessionId, long handleId, String plugin, ObjectNode body, Jsep jsep,
                  SessionDescription description, Executor core, Consumer<JanusMessage> reply) {
        this.transaction = transaction;
        this.sessionId = sessionId;
        this.handleId = handleId;
        this.plugin = plugin;
        this.body = body;
        this.jsep = jsep;
        this.description = description;
        this.core = core;
        this.reply = reply;
    }

    public String transaction() {
        return transaction;
    }

    public ObjectNode body() {
        return body;
    }

    /** The jsep, null when the message has none. */
    public Jsep jsep() {
        return jsep;
    }

    /** The jsep's description, parsed; null when the message has no jsep. */
    public SessionDescription description() {
        return description;
    }

    public void ack() {
        answer(new JanusMessage.Ack(transaction, sessionId));
    }

    public void success(ObjectNode data) {
        answer(new JanusMessage.PluginSuccess(transaction, sessionId, handleId, plugin, data));
    }

    public void error(JanusError error, String reason) {
        answer(new JanusMessage.Error(transaction, sessionId, error.code(), reason));
    }

    private void answer(JanusMessage message) {
        if (answered.compareAndSet(false, true)) {
            core.execute(() -> reply.accept(message));
        }
    }
}
