package dev.parley.api.system;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.Responses;
import dev.parley.api.http.Routes;
import dev.parley.common.metrics.Metrics;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Health, readiness, Prometheus metrics and the OpenAPI document. */
public final class SystemRoutes {

    private SystemRoutes() {
    }

    /**
     * @param databaseHealthy blocking check, run on a worker
     * @param metricsToken    bearer token required for /metrics; blank for none
     */
    public static void register(Routes routes, Dispatcher dispatcher, BooleanSupplier databaseHealthy, Metrics metrics,
                                boolean metricsEnabled, String metricsToken) {
        routes.get("/health", ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
        routes.get("/ready", dispatcher.open(200, request -> {
            if (!databaseHealthy.getAsBoolean()) {
                throw ApiException.base(503, "Database unreachable");
            }
            return Map.of("status", "READY", "database", "UP");
        }));
        if (metricsEnabled) {
            routes.get("/metrics", ctx -> scrape(ctx, metrics, metricsToken));
        }
        String openApi = readOpenApi();
        routes.get("/openapi", ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(openApi));
    }

    private static void scrape(RoutingContext ctx, Metrics metrics, String token) {
        if (!token.isBlank()) {
            String given = String.valueOf(ctx.request().getHeader("Authorization"));
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                Responses.error(ctx, ApiException.base(401, "Metrics need Authorization: Bearer <parley.metrics.token>"));
                return;
            }
        }
        ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape());
    }

    /** The OpenAPI 3 document shipped with the api module. */
    public static String readOpenApi() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the api module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
