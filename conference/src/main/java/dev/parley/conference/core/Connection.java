package dev.parley.conference.core;

/**
 * Where requests come from and where the sessions they create keep their events: one WebSocket connection, or the
 * HTTP transport (whose sessions queue their events for long polls). Called on the core's executor only.
 */
public interface Connection {

    /** The sink for the events of a session created (or claimed) over this connection. */
    EventSink open(long sessionId);

    /** Sessions living on this connection now, for the per-connection limit; 0 for HTTP, which has no connection. */
    int sessions();
}
