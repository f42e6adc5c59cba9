package dev.parley.common.net;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;

import java.util.Objects;

/**
 * HTTP routes a module serves under a path of its own on the server's HTTP and HTTPS ports, outside the REST API's
 * router: its requests do not pass the REST request timeout or body handler (the Janus long poll waits longer than
 * a REST call may take, and reads its own bodies). The server gives each endpoint a router with the CORS policy of
 * {@code parley.http.cors-allowed-origins} and sends it every request for {@code path} or below.
 *
 * @param path   e.g. {@code /janus}
 * @param routes adds the module's routes to the router it is given
 */
public record HttpEndpoint(String path, Handler<Router> routes) {

    public HttpEndpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(routes, "routes");
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("an endpoint's path starts with / and does not end with one: " + path);
        }
    }

    /** Whether a request for {@code requestPath} is this endpoint's. */
    public boolean serves(String requestPath) {
        return requestPath.equals(path) || requestPath.startsWith(path + "/");
    }
}
