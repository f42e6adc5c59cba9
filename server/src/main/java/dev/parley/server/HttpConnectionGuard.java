package dev.parley.server;

import dev.parley.common.limit.ConnectionLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an HTTP connection may hold, before the routes see it: connections beyond the per-address cap are
 * closed as they arrive, and a connection must send request headers within the header timeout whenever it
 * has no request in progress: right after it opens, and after its last response ended (a slow-header client
 * holds no socket for long; an HTTP/2 connection with one long request in progress is left alone). Idle
 * connections, WebSockets included, are closed by Vert.x's idle timeout, set on the listener.
 *
 * <p>Deadlines are checked by one periodic sweep over the open connections rather than a timer per
 * connection. (The listener must not offer cleartext HTTP/2: Vert.x hands a connection to the connection
 * handler only once it knows the protocol, which a slow client need never let it know.)
 *
 * <p>Thread-safety: connections on every event loop pass through one guard. A connection's count of
 * requests in progress is changed only on its own loop; its deadline is volatile, read by the sweep on
 * another thread, which may close the connection (Vert.x's close is safe from any thread).
 */
final class HttpConnectionGuard {

    /** Deadline of a connection with a request in progress: never. */
    private static final long NONE = Long.MAX_VALUE;

    private final ConnectionLimiter limiter;
    private final long headerTimeoutNanos;
    private final ConcurrentHashMap<HttpConnection, State> connections = new ConcurrentHashMap<>();

    /** One connection's requests in progress, and when it must have sent headers by if there are none. */
    private static final class State {
        int inProgress;
        volatile long deadline;
    }

    /** @param limiter the per-address cap, or null for none (behind a trusted proxy) */
    HttpConnectionGuard(Vertx vertx, ConnectionLimiter limiter, Duration headerTimeout) {
        this.limiter = limiter;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        long every = Math.clamp(headerTimeout.toMillis() / 4, 1, 1000);
        // Runs until Vert.x closes with the server.
        vertx.setPeriodic(every, id -> closeLate());
    }

    /** For {@code HttpServer.connectionHandler}: admits or closes a new connection. */
    void opened(HttpConnection connection) {
        String address = address(connection.remoteAddress());
        if (limiter != null && !limiter.tryOpen(address)) {
            connection.close();
            return;
        }
        State state = new State();
        state.deadline = System.nanoTime() + headerTimeoutNanos;
        connections.put(connection, state);
        connection.closeHandler(v -> {
            connections.remove(connection);
            if (limiter != null) {
                limiter.closed(address);
            }
        });
    }

    /**
     * A request's headers arrived on the connection: no deadline while it is in progress (a WebSocket upgrade
     * keeps the connection for good).
     */
    void requestStarted(HttpServerRequest request) {
        State state = connections.get(request.connection());
        if (state != null) {
            state.inProgress++;
            state.deadline = NONE;
        }
    }

    /**
     * The first route of the router: when the response has ended, the next request's headers are awaited. (An
     * end handler on the response itself would be replaced by the router's own.)
     */
    void trackEnd(RoutingContext routing) {
        State state = connections.get(routing.request().connection());
        if (state != null) {
            routing.addEndHandler(ended -> {
                if (--state.inProgress == 0) {
                    state.deadline = System.nanoTime() + headerTimeoutNanos;
                }
            });
        }
        routing.next();
    }

    private void closeLate() {
        long now = System.nanoTime();
        connections.forEach((connection, state) -> {
            long deadline = state.deadline;
            if (deadline != NONE && now - deadline > 0) {
                connection.close();
            }
        });
    }

    private static String address(SocketAddress remote) {
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
