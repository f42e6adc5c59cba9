package dev.parley.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers REST routes on a router: each path is served with and without the {@code .json} suffix the
 * SDKs append (docs/protocol.md section 2), tagged for metrics, and recorded so that tests can check the OpenAPI
 * document covers every route. Register specific paths ({@code /users/by_login}) before patterns
 * ({@code /users/:id}).
 */
public final class Routes {

    /** A registered route, its path in Vert.x form ({@code /users/:id}). */
    public record Spec(HttpMethod method, String path) {

        /** The path in OpenAPI form ({@code /users/{id}}). */
        public String openApiPath() {
            return path.replaceAll(":([A-Za-z_]+)", "{$1}");
        }
    }

    private final Router router;
    private final List<Spec> specs = new ArrayList<>();

    public Routes(Router router) {
        this.router = router;
    }

    public Routes add(HttpMethod method, String path, Handler<RoutingContext> handler) {
        specs.add(new Spec(method, path));
        // The suffixed form first: "/users/:id" would otherwise take "5.json" as the id.
        for (String variant : List.of(path + ".json", path)) {
            router.route(method, variant)
                    .handler(ctx -> {
                        HttpMetrics.tag(ctx, path);
                        ctx.next();
                    })
                    .handler(handler);
        }
        return this;
    }

    public Routes get(String path, Handler<RoutingContext> handler) {
        return add(HttpMethod.GET, path, handler);
    }

    public Routes post(String path, Handler<RoutingContext> handler) {
        return add(HttpMethod.POST, path, handler);
    }

    public Routes put(String path, Handler<RoutingContext> handler) {
        return add(HttpMethod.PUT, path, handler);
    }

    public Routes delete(String path, Handler<RoutingContext> handler) {
        return add(HttpMethod.DELETE, path, handler);
    }

    public List<Spec> specs() {
        return List.copyOf(specs);
    }
}
