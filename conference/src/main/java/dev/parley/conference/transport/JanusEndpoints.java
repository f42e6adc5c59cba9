package dev.parley.conference.transport;

import dev.parley.conference.core.JanusCore;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

/**
 * The Janus API's endpoints, for the server to mount (docs/protocol.md §4.1): the HTTP routes under {@value #PATH} and
 * the WebSocket at {@value #PATH} with subprotocol {@value #SUBPROTOCOL}. The HTTP listener must offer that subprotocol
 * ({@code HttpServerOptions.setWebSocketSubProtocols}) and pass sockets for {@value #PATH} to {@link #accept}.
 */
public final class JanusEndpoints {

    public static final String PATH = "/janus";
    public static final String SUBPROTOCOL = "janus-protocol";

    private final JanusCore core;
    private final int maxMessageSize;
    private final HttpTransport http;

    public JanusEndpoints(JanusCore core, int maxMessageSize, int maxPollEvents) {
        this.core = core;
        this.maxMessageSize = maxMessageSize;
        this.http = new HttpTransport(core, maxMessageSize, maxPollEvents);
    }

    /**
     * Adds the HTTP long-poll routes. Long polls wait up to {@code parley.conference.long-poll-wait}: a timeout
     * handler on the router must allow that, and a body handler's limit must allow Janus requests.
     */
    public void mount(Router router) {
        http.mount(router, PATH);
    }

    /** Whether a WebSocket handshake for this path is the Janus API's. */
    public boolean handles(String path) {
        return PATH.equals(path) || (PATH + "/").equals(path);
    }

    /** Serves one accepted WebSocket; call on its event loop. */
    public void accept(ServerWebSocket socket) {
        new WebSocketConnection(socket, Vertx.currentContext(), core, maxMessageSize).start();
    }
}
