package dev.parley.api.call;

import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.Routes;

/** {@code /calls...} (docs/protocol.md section 2.5). */
public final class CallRoutes {

    private CallRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, CallService calls) {
        routes.post("/calls/reject", dispatcher.authed(200, (request, auth) -> calls.reject(auth, request.params())));
    }
}
