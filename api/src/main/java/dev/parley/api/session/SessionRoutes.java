package dev.parley.api.session;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Dispatcher;
import dev.parley.common.limit.RateLimiter;
import dev.parley.api.http.Request;
import dev.parley.api.http.Responses;
import dev.parley.api.http.Routes;
import dev.parley.api.user.UserJson;
import dev.parley.storage.model.Session;
import dev.parley.storage.model.User;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /session} and {@code /login} (docs/protocol.md section 2.1). */
public final class SessionRoutes {

    private SessionRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, SessionService sessions, RateLimiter limiter,
                                boolean trustForwardedFor) {
        // POST /session ignores any CB-Token it carries (the SDKs send stale ones).
        routes.post("/session", limited(limiter, trustForwardedFor,
                dispatcher.open(201, request -> render(sessions.create(request.params())))));
        routes.get("/session", dispatcher.authed(200, (request, auth) -> render(sessions.describe(auth))));
        routes.delete("/session", dispatcher.authed(200, (request, auth) -> {
            sessions.destroy(auth);
            return Map.of();
        }));
        routes.post("/login", limited(limiter, trustForwardedFor, dispatcher.authed(200, (request, auth) -> {
            User user = sessions.login(auth, request.params());
            return UserJson.wrapped(user, user.id());
        })));
        routes.delete("/login", dispatcher.authed(200, (request, auth) -> {
            sessions.logout(auth);
            return Map.of();
        }));
    }

    /** Puts a per-client-address token bucket in front of a handler (password guessing is slowed here). */
    public static Handler<RoutingContext> limited(RateLimiter limiter, boolean trustForwardedFor,
                                                  Handler<RoutingContext> next) {
        return ctx -> {
            try {
                Duration wait = limiter.tryAcquire(Request.clientAddress(ctx, trustForwardedFor));
                if (!wait.isZero()) {
                    throw ApiException.tooManyRequests(wait);
                }
            } catch (ApiException e) {
                Responses.error(ctx, e);
                return;
            }
            next.handle(ctx);
        };
    }

    static Map<String, Object> render(SessionService.View view) {
        Session s = view.session();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("user_id", s.userId());
        json.put("application_id", s.applicationId());
        json.put("token", view.token());
        json.put("nonce", s.nonce());
        json.put("ts", s.ts());
        json.put("created_at", UserJson.iso(s.createdAt()));
        json.put("updated_at", UserJson.iso(s.updatedAt()));
        if (view.user() != null) {
            json.put("user", UserJson.render(view.user(), view.user().id()));
        }
        return Map.of("session", json);
    }
}
