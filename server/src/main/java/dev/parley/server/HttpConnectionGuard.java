package dev.parley.server;

import dev.parley.common.limit.ConnectionLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an HTTP connection may hold, before the routes see it: connections beyond the per-address cap are
 * closed as they arrive, and a connection must send request headers within the header timeout whenever it
 * has no request in progress: right after it opens, and after its last response ended (a slow-header client
 * holds no socket for long; an HTTP/2 connection with one long request in progress is left alone). Idle
 * connections, WebSockets included, are closed by Vert.x's idle timeout, set on the listener.
 *
 * <p>Thread-safety: connections on every event loop pass through one guard; each connection's state is read
 * and changed only on its own loop, kept in a concurrent map keyed by connection.
 */
final class HttpConnectionGuard {

    private final Vertx vertx;
    private final ConnectionLimiter limiter;
    private final long headerTimeoutMs;
    private final ConcurrentHashMap<HttpConnection, State> connections = new ConcurrentHashMap<>();

    /** One connection's requests in progress, and the timer armed while there are none. */
    private static final class State {
        int inProgress;
        long timer = -1;
    }

    /** @param limiter the per-address cap, or null for none (behind a trusted proxy) */
    HttpConnectionGuard(Vertx vertx, ConnectionLimiter limiter, Duration headerTimeout) {
        this.vertx = vertx;
        this.limiter = limiter;
        this.headerTimeoutMs = headerTimeout.toMillis();
    }

    /** For {@code HttpServer.connectionHandler}: admits or closes a new connection. */
    void opened(HttpConnection connection) {
        String address = address(connection.remoteAddress());
        if (limiter != null && !limiter.tryOpen(address)) {
            connection.close();
            return;
        }
        State state = new State();
        connections.put(connection, state);
        connection.closeHandler(v -> {
            State closed = connections.remove(connection);
            if (closed != null && closed.timer >= 0) {
                vertx.cancelTimer(closed.timer);
            }
            if (limiter != null) {
                limiter.closed(address);
            }
        });
        awaitHeaders(connection, state);
    }

    /**
     * A request's headers arrived on the connection. For a plain request the next request's headers are awaited
     * once its response has ended; a WebSocket upgrade keeps the connection for good.
     */
    void requestStarted(HttpServerRequest request, boolean upgrade) {
        HttpConnection connection = request.connection();
        State state = connections.get(connection);
        if (state == null) {
            return; // refused at the cap, or closed meanwhile
        }
        state.inProgress++;
        if (state.timer >= 0) {
            vertx.cancelTimer(state.timer);
            state.timer = -1;
        }
        if (!upgrade) {
            request.response().endHandler(v -> {
                if (--state.inProgress == 0 && connections.get(connection) == state) {
                    awaitHeaders(connection, state);
                }
            });
        }
    }

    private void awaitHeaders(HttpConnection connection, State state) {
        state.timer = vertx.setTimer(headerTimeoutMs, id -> {
            if (state.timer == id && state.inProgress == 0) {
                connection.close();
            }
        });
    }

    private static String address(SocketAddress remote) {
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
