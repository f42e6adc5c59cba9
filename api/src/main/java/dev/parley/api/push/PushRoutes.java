package dev.parley.api.push;

import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.Routes;

import java.util.Map;

/**
 * {@code /subscriptions}, {@code /events} (docs/protocol.md section 2.4) and {@code /push/vapid_public_key}.
 * Subscriptions need a user session; events and the VAPID key may also be had with an application session.
 */
public final class PushRoutes {

    private PushRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, PushService push) {
        routes.post("/subscriptions", dispatcher.authed(201, (request, auth) ->
                PushJson.subscriptions(push.subscribe(auth, request.params()))));
        routes.get("/subscriptions", dispatcher.authed(200, (request, auth) -> PushJson.subscriptions(push.list(auth))));
        routes.delete("/subscriptions/:id", dispatcher.authed(200, (request, auth) -> {
            push.unsubscribe(auth, request.path("id"));
            return Map.of();
        }));
        routes.get("/push/vapid_public_key", dispatcher.authed(200, (request, auth) ->
                Map.of("public_key", push.vapidPublicKey(auth))));
        routes.post("/events", dispatcher.authed(201, (request, auth) ->
                PushJson.event(push.createEvent(auth, request.params()))));
    }
}
