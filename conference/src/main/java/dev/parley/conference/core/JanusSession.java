package dev.parley.conference.core;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.janus.JanusMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Janus session: it belongs to the user and application of the token that created it, holds handles, and sends its
 * events to the connection it lives on. Confined to the core's executor.
 */
final class JanusSession {

    private final long id;
    private final ConferenceUser user;
    private final Map<Long, JanusHandle> handles = new LinkedHashMap<>();
    private EventSink sink;
    private Connection connection;
    private Scheduler.Task timeout;
    private long activity;

    JanusSession(long id, ConferenceUser user) {
        this.id = id;
        this.user = user;
    }

    long id() {
        return id;
    }

    ConferenceUser user() {
        return user;
    }

    /** Whether a request acting for {@code other} may address this session: same user of the same application. */
    boolean ownedBy(ConferenceUser other) {
        return user.applicationId() == other.applicationId() && user.userId() == other.userId();
    }

    void liveOn(Connection newConnection, EventSink newSink) {
        if (sink != null) {
            sink.close();
        }
        connection = newConnection;
        sink = newSink;
    }

    Connection connection() {
        return connection;
    }

    EventSink sink() {
        return sink;
    }

    void send(JanusMessage message) {
        sink.send(message);
    }

    Map<Long, JanusHandle> handles() {
        return handles;
    }

    /** Takes every handle out of the session, for its end. */
    List<JanusHandle> removeHandles() {
        List<JanusHandle> removed = new ArrayList<>(handles.values());
        handles.clear();
        return removed;
    }

    /**
     * Counts a use of the session; the returned number lets a keepalive timer that fired just before this use see
     * that it is stale.
     */
    long used() {
        return ++activity;
    }

    boolean usedSince(long mark) {
        return activity != mark;
    }

    /** Replaces the keepalive timer: the session was just used. */
    void resetTimeout(Scheduler.Task next) {
        if (timeout != null) {
            timeout.cancel();
        }
        timeout = next;
    }

    void cancelTimeout() {
        resetTimeout(null);
    }
}
