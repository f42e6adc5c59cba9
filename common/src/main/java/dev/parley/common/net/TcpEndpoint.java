package dev.parley.common.net;

import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;

import java.util.Objects;

/**
 * A plain TCP service a module offers on its own port (XMPP over TCP). The server module binds it on the
 * configured host, on as many event loops as it serves HTTP with, under the same per-address connection cap.
 *
 * @param name    what the port is, for messages ("XMPP")
 * @param port    the port; 0 picks a free one
 * @param handler called on the connection's event loop; the connection's state stays confined to that loop
 */
public record TcpEndpoint(String name, int port, Handler<NetSocket> handler) {

    public TcpEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
    }
}
