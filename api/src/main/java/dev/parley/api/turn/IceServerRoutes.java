package dev.parley.api.turn;

import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.Routes;

/** {@code GET /ice_servers}: the STUN/TURN servers for a user's calls, with a fresh TURN credential (user session). */
public final class IceServerRoutes {

    private IceServerRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, TurnCredentials credentials) {
        routes.get("/ice_servers", dispatcher.authed(200, (request, auth) ->
                credentials.issue(auth.requireUser().id())));
    }
}
