package dev.parley.conference.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A request of the Janus core API (Janus's {@code janus.c}): what clients send over WebSocket or HTTP. Plain data;
 * {@link JanusCodec} reads them and the core acts on them.
 */
public sealed interface JanusRequest {

    Envelope envelope();

    /** {@code create}: a new session. */
    record Create(Envelope envelope) implements JanusRequest {
    }

    /** {@code attach}: a new handle on a plugin. */
    record Attach(Envelope envelope, String plugin, String opaqueId) implements JanusRequest {
    }

    /** {@code message}: a request for the handle's plugin, with a session description when negotiating. */
    record Message(Envelope envelope, ObjectNode body, Jsep jsep) implements JanusRequest {
    }

    /** {@code trickle}: candidates of the client (Parley is ICE-lite and only acknowledges them). */
    record Trickle(Envelope envelope, List<TrickleCandidate> candidates) implements JanusRequest {
        public Trickle {
            candidates = List.copyOf(candidates);
        }
    }

    /** {@code keepalive}: keeps the session from timing out. */
    record Keepalive(Envelope envelope) implements JanusRequest {
    }

    /** {@code detach}: closes a handle. */
    record Detach(Envelope envelope) implements JanusRequest {
    }

    /** {@code hangup}: closes a handle's PeerConnection but keeps the handle. */
    record Hangup(Envelope envelope) implements JanusRequest {
    }

    /** {@code destroy}: ends a session and its handles. */
    record Destroy(Envelope envelope) implements JanusRequest {
    }

    /** {@code claim}: moves a session to the connection the request came on (janus.js's reconnect). */
    record Claim(Envelope envelope) implements JanusRequest {
    }

    /** {@code info}: what this server is. */
    record Info(Envelope envelope) implements JanusRequest {
    }

    /** {@code ping}: answered {@code pong}. */
    record Ping(Envelope envelope) implements JanusRequest {
    }
}
