package dev.parley.common.net;

import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;

import java.util.Objects;

/**
 * A WebSocket service a module offers on the server's HTTP and HTTPS ports: the path it is served at, the
 * subprotocol a client must ask for (an upgrade without it is refused, as RFC 7395 §3.1 wants for XMPP), and
 * what takes over an accepted socket. The server module owns the listeners and mounts every endpoint.
 *
 * @param handler called on the socket's event loop; the socket's state stays confined to that loop
 */
public record WebSocketEndpoint(String path, String subprotocol, Handler<ServerWebSocket> handler) {

    public WebSocketEndpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(subprotocol, "subprotocol");
        Objects.requireNonNull(handler, "handler");
    }
}
