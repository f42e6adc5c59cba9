package dev.parley.conference.sfu;

import dev.parley.common.time.Scheduler;

/** Where the bridge gets its transports, and the loop they (and every room's forwarding) run on. Thread-safe. */
interface PeerTransports {

    /** The media loop: every transport's packets, timers and events, and every forwarding room. */
    Scheduler loop();

    /** A new transport with fresh ICE credentials; its events go to {@code events} on the loop. */
    PeerTransport open(PeerTransport.Events events);
}
