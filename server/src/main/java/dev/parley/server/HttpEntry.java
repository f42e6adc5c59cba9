package dev.parley.server;

import dev.parley.common.net.WebSocketEndpoint;
import dev.parley.common.json.Json;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where every HTTP request enters: WebSocket upgrades go to the endpoint mounted at their path, if the client
 * asks for that endpoint's subprotocol (RFC 7395 §3.1 for XMPP; an upgrade without it is a 400), everything
 * else to the REST and web router. Each request passes the {@link HttpConnectionGuard} first (which also
 * becomes the router's first route, to learn when each response has ended).
 * Runs on the connection's event loop; holds no state of its own.
 */
final class HttpEntry implements Handler<HttpServerRequest> {

    private final Router router;
    private final Map<String, WebSocketEndpoint> webSockets;
    private final HttpConnectionGuard guard;

    HttpEntry(Router router, List<WebSocketEndpoint> webSockets, HttpConnectionGuard guard) {
        router.route().order(Integer.MIN_VALUE).handler(guard::trackEnd);
        this.router = router;
        this.webSockets = webSockets.stream().collect(Collectors.toUnmodifiableMap(WebSocketEndpoint::path, Function.identity()));
        this.guard = guard;
    }

    HttpConnectionGuard guard() {
        return guard;
    }

    @Override
    public void handle(HttpServerRequest request) {
        boolean upgrade = request.method() == HttpMethod.GET && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        guard.requestStarted(request);
        if (!upgrade) {
            router.handle(request);
            return;
        }
        WebSocketEndpoint endpoint = webSockets.get(request.path());
        if (endpoint == null) {
            refuse(request, 404, "No WebSocket service at " + request.path());
        } else if (!offers(request, endpoint.subprotocol())) {
            refuse(request, 400, "A WebSocket at " + endpoint.path() + " needs the '" + endpoint.subprotocol() + "' subprotocol");
        } else {
            request.toWebSocket().onSuccess(endpoint.handler());
        }
    }

    /**
     * For {@code HttpServer.invalidRequestHandler}: a request the HTTP decoder refused (request line or headers
     * too long, malformed) gets the API's JSON error shape instead of an empty body, and its connection closes,
     * as the rest of it cannot be read reliably.
     */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "Request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "Request headers too large";
        } else {
            status = 400;
            message = "Malformed HTTP request";
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Connection", "close")
                .end(Json.write(Map.of("errors", Map.of("base", List.of(message)))))
                .onComplete(done -> request.connection().close());
    }

    private static boolean offers(HttpServerRequest request, String subprotocol) {
        String offered = request.getHeader("Sec-WebSocket-Protocol");
        return offered != null && Arrays.stream(offered.split(",")).map(String::trim).anyMatch(subprotocol::equals);
    }

    private static void refuse(HttpServerRequest request, int status, String message) {
        request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close").end(message);
    }
}
