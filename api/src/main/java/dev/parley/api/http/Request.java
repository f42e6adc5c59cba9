package dev.parley.api.http;

import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * What an endpoint may know of a request, copied off the {@link RoutingContext} on the event loop so that
 * the endpoint can run on a worker thread without touching Vert.x state.
 *
 * @param token   the session token from {@code CB-Token}, {@code QB-Token} or {@code Authorization: Bearer}
 * @param authKey the {@code CB-AuthKey} header, which may stand in for a token on sign-up
 */
public record Request(Params params, Map<String, String> pathParams, String token, String authKey, String clientAddress) {

    public static Request from(RoutingContext ctx, boolean trustForwardedFor) {
        return new Request(RequestReader.read(ctx), Map.copyOf(ctx.pathParams()), token(ctx),
                ctx.request().getHeader("CB-AuthKey"), clientAddress(ctx, trustForwardedFor));
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    static String token(RoutingContext ctx) {
        String token = ctx.request().getHeader("CB-Token");
        if (token == null) {
            token = ctx.request().getHeader("QB-Token");
        }
        if (token == null) {
            String authorization = ctx.request().getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7);
            }
        }
        return token == null ? null : token.trim();
    }

    public static String clientAddress(RoutingContext ctx, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = ctx.request().getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }
}
