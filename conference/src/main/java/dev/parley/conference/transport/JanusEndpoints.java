package dev.parley.conference.transport;

import dev.parley.common.net.HttpEndpoint;
import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.conference.core.JanusCore;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

/**
 * The Janus API's endpoints, for the server to mount (docs/protocol.md §4.1): the HTTP routes under {@value #PATH}
 * ({@link #http()}) and the WebSocket at {@value #PATH} with subprotocol {@value #SUBPROTOCOL} ({@link #webSocket()}).
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
     * The HTTP long-poll routes, on a router of their own: long polls wait up to {@code
     * parley.conference.long-poll-wait}, and request bodies are read here, up to {@code max-message-size}.
     */
    public HttpEndpoint http() {
        return new HttpEndpoint(PATH, router -> http.mount(router, PATH));
    }

    /** The Janus WebSocket, subprotocol {@value #SUBPROTOCOL}. */
    public WebSocketEndpoint webSocket() {
        return new WebSocketEndpoint(PATH, SUBPROTOCOL, this::accept);
    }

    /** Serves one accepted WebSocket; call on its event loop. */
    public void accept(ServerWebSocket socket) {
        new WebSocketConnection(socket, Vertx.currentContext(), core, maxMessageSize).start();
    }
}
