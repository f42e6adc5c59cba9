package dev.parley.api.http;

import dev.parley.common.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** Writes JSON answers; every 2xx carries a JSON body (the SDKs reject an empty one). Event-loop only. */
public final class Responses {

    private Responses() {
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(Json.write(body == null ? Map.of() : body));
    }

    public static void error(RoutingContext ctx, ApiException error) {
        if (error.retryAfter() != null && !ctx.response().ended()) {
            ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, error.retryAfter().toSeconds())));
        }
        json(ctx, error.status(), error.body());
    }
}
