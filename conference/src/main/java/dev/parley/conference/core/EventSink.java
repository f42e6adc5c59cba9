package dev.parley.conference.core;

import dev.parley.conference.janus.JanusMessage;

/**
 * Where a session's events go: its WebSocket connection, or the queue HTTP long polls read. Called on the core's
 * executor only.
 */
public interface EventSink {

    void send(JanusMessage message);

    /** The session is over (destroyed, timed out, claimed elsewhere): no more events come. */
    void close();
}
