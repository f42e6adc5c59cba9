package dev.parley.api.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/**
 * Times every request into {@code http_server_requests_seconds{method,route,status}}. The route is the
 * matched route's template (not the raw path), so the number of series stays bounded.
 */
public final class HttpMetrics {

    static final String ROUTE_KEY = "parley.route";
    private static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** First handler of every request. */
    public void start(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ignored -> {
            String route = ctx.get(ROUTE_KEY, UNMATCHED);
            Timer.builder("http.server.requests")
                    .description("HTTP requests by route and status")
                    .tag("method", ctx.request().method().name())
                    .tag("route", route)
                    .tag("status", String.valueOf(ctx.response().getStatusCode()))
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    /** Marks the request with its route template; installed ahead of each route's handler. */
    public static void tag(RoutingContext ctx, String template) {
        ctx.put(ROUTE_KEY, template);
    }
}
