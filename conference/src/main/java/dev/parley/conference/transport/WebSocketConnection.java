package dev.parley.conference.transport;

import dev.parley.conference.core.Connection;
import dev.parley.conference.core.EventSink;
import dev.parley.conference.core.JanusCore;
import dev.parley.conference.janus.JanusCodec;
import dev.parley.conference.janus.JanusError;
import dev.parley.conference.janus.JanusException;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.JanusRequest;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Janus WebSocket (docs/protocol.md §4.1, subprotocol {@code janus-protocol}): each text message is one request,
 * each answer and event one text message. Sessions created over it live on it; closing the socket destroys them. A
 * message over the size limit, binary or not Janus JSON gets the Janus error and nothing else happens. A client that
 * reads too slowly (write queue full) is disconnected; past {@value #MAX_IN_FLIGHT} requests, or
 * {@value #MAX_IN_FLIGHT_CHARS} characters of requests, waiting for answers, the next gets error 490.
 *
 * <p>Threading: socket callbacks run on its event loop; the core calls {@link #open}, {@link #sessions} and the
 * sinks on its own executor, so the session set belongs to that executor and writes are handed to the loop.
 */
final class WebSocketConnection implements Connection {

    /**
     * Requests one connection may have waiting for their answers; more are refused, so that no queue grows unbounded.
     * A client joining a room of 12 with one handle per feed (as the ConnectyCube SDK does) sends an attach, a join, a
     * start and its candidates for each of 11 feeds at once: about a hundred.
     */
    static final int MAX_IN_FLIGHT = 256;
    /** Characters of requests one connection may have waiting for answers (SDPs are the big ones). */
    static final int MAX_IN_FLIGHT_CHARS = 1 << 20;

    private final ServerWebSocket socket;
    private final Context loop;
    private final JanusCore core;
    private final int maxMessageSize;
    private final Set<Long> sessions = new HashSet<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger inFlightChars = new AtomicInteger();

    WebSocketConnection(ServerWebSocket socket, Context loop, JanusCore core, int maxMessageSize) {
        this.socket = socket;
        this.loop = loop;
        this.core = core;
        this.maxMessageSize = maxMessageSize;
    }

    void start() {
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(buffer -> write(new JanusMessage.Error(null, 0, JanusError.INVALID_JSON.code(),
                "Janus requests are JSON text messages")));
        socket.closeHandler(ignored -> core.closed(this));
        socket.exceptionHandler(ignored -> socket.close());
    }

    private void received(String text) {
        if (text.length() > maxMessageSize) {
            write(new JanusMessage.Error(null, 0, JanusError.INVALID_JSON.code(),
                    "Request too large (at most " + maxMessageSize + " bytes)"));
            return;
        }
        JanusRequest request;
        try {
            request = JanusCodec.decode(text);
        } catch (JanusException e) {
            write(e.reply());
            return;
        }
        int size = text.length();
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT | inFlightChars.addAndGet(size) > MAX_IN_FLIGHT_CHARS) {
            inFlight.decrementAndGet();
            inFlightChars.addAndGet(-size);
            write(new JanusMessage.Error(request.envelope().transaction(), request.envelope().sessionId(),
                    JanusError.UNKNOWN.code(), "Too many requests waiting for answers on this connection (at most "
                    + MAX_IN_FLIGHT + ", " + MAX_IN_FLIGHT_CHARS / 1024 + " KiB in all)"));
            return;
        }
        core.process(request, this, answer -> {
            inFlight.decrementAndGet();
            inFlightChars.addAndGet(-size);
            write(answer);
        });
    }

    @Override
    public EventSink open(long sessionId) {
        sessions.add(sessionId);
        return new EventSink() {
            @Override
            public void send(JanusMessage message) {
                write(message);
            }

            @Override
            public void close() {
                sessions.remove(sessionId);
            }
        };
    }

    @Override
    public int sessions() {
        return sessions.size();
    }

    private void write(JanusMessage message) {
        String text = JanusCodec.encode(message);
        loop.runOnContext(ignored -> {
            if (socket.isClosed()) {
                return;
            }
            socket.writeTextMessage(text);
            if (socket.writeQueueFull()) {
                socket.close((short) 1008, "Too slow: events piled up");
            }
        });
    }
}
