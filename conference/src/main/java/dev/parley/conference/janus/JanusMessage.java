package dev.parley.conference.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the Janus core sends: answers to requests and events (Janus's {@code janus.c}, and the handling in janus.js's
 * {@code handleEvent}). A session id or sender of 0 and a null transaction are left out of the JSON. Plain data;
 * {@link JanusCodec} writes them.
 */
public sealed interface JanusMessage {

    /** The session the message belongs to, 0 for none (answers to {@code create}, {@code info}, {@code ping}). */
    long sessionId();

    /** {@code success}, with {@code data} ({@code {id}} for create and attach) or none. */
    record Success(String transaction, long sessionId, ObjectNode data) implements JanusMessage {
    }

    /** {@code success} of a synchronous plugin request: {@code sender} and {@code plugindata}. */
    record PluginSuccess(String transaction, long sessionId, long sender, String plugin, ObjectNode data)
            implements JanusMessage {
    }

    /** {@code ack}: the request was taken; its outcome follows as an event. */
    record Ack(String transaction, long sessionId) implements JanusMessage {
    }

    /** {@code event} from a plugin, with the transaction of the request it answers (if any) and a jsep. */
    record PluginEvent(long sessionId, long sender, String transaction, String plugin, ObjectNode data, Jsep jsep)
            implements JanusMessage {
    }

    /** {@code error}: {@code {code, reason}}. */
    record Error(String transaction, long sessionId, int code, String reason) implements JanusMessage {
    }

    /** {@code webrtcup}: the handle's PeerConnection is up (ICE and DTLS). */
    record WebrtcUp(long sessionId, long sender) implements JanusMessage {
    }

    /** {@code media}: media of a kind on a mid started or stopped arriving. */
    record Media(long sessionId, long sender, String mid, String type, boolean receiving) implements JanusMessage {
    }

    /** {@code slowlink}: many packets lost sending ({@code uplink}) or receiving on a mid. */
    record SlowLink(long sessionId, long sender, String mid, boolean uplink, int lost) implements JanusMessage {
    }

    /** {@code hangup}: the handle's PeerConnection went down. */
    record Hangup(long sessionId, long sender, String reason) implements JanusMessage {
    }

    /** {@code detached}: the handle is gone. */
    record Detached(long sessionId, long sender) implements JanusMessage {
    }

    /** {@code timeout}: the session saw no request for too long and is destroyed. */
    record Timeout(long sessionId) implements JanusMessage {
    }

    /** {@code keepalive}: what an HTTP long poll answers when nothing happened. */
    record Keepalive() implements JanusMessage {
        @Override
        public long sessionId() {
            return 0;
        }
    }

    /** {@code pong}: the answer to {@code ping}. */
    record Pong(String transaction) implements JanusMessage {
        @Override
        public long sessionId() {
            return 0;
        }
    }

    /** {@code server_info}: the answer to {@code info}; {@code info} holds the fields after {@code janus}. */
    record ServerInfo(String transaction, ObjectNode info) implements JanusMessage {
        @Override
        public long sessionId() {
            return 0;
        }
    }
}
