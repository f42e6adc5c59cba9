package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.Jsep;

import java.util.concurrent.Executor;

/**
 * A plugin handle of a session (Janus's {@code janus_ice_handle}). Its state is confined to the core's executor; the
 * {@link PluginHandle} methods plugins call hand their events to that executor and drop them once the handle is gone.
 */
final class JanusHandle implements PluginHandle {

    private final long id;
    private final JanusSession session;
    private final String plugin;
    private final Executor core;
    private boolean attached = true;

    JanusHandle(long id, JanusSession session, String plugin, Executor core) {
        this.id = id;
        this.session = session;
        this.plugin = plugin;
        this.core = core;
    }

    @Override
    public long sessionId() {
        return session.id();
    }

    @Override
    public long handleId() {
        return id;
    }

    @Override
    public ConferenceUser user() {
        return session.user();
    }

    void detach() {
        attached = false;
    }

    @Override
    public void event(ObjectNode data, Jsep jsep, String transaction) {
        deliver(new JanusMessage.PluginEvent(session.id(), id, transaction, plugin, data, jsep));
    }

    @Override
    public void webrtcUp() {
        deliver(new JanusMessage.WebrtcUp(session.id(), id));
    }

    @Override
    public void media(String mid, String type, boolean receiving) {
        deliver(new JanusMessage.Media(session.id(), id, mid, type, receiving));
    }

    @Override
    public void slowLink(String mid, boolean uplink, int lost) {
        deliver(new JanusMessage.SlowLink(session.id(), id, mid, uplink, lost));
    }

    @Override
    public void hangup(String reason) {
        deliver(new JanusMessage.Hangup(session.id(), id, reason));
    }

    private void deliver(JanusMessage message) {
        core.execute(() -> {
            if (attached) {
                session.send(message);
            }
        });
    }
}
