package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Dispatcher;
import dev.parley.common.limit.RateLimiter;
import dev.parley.api.http.Routes;
import dev.parley.api.session.Auth;
import dev.parley.api.session.SessionRoutes;
import dev.parley.api.session.SessionService;
import dev.parley.storage.ApplicationRepository;
import dev.parley.storage.model.User;

import java.util.List;
import java.util.Map;

/** {@code /users...} (docs/protocol.md section 2.2). Specific paths are registered before {@code /users/:id}. */
public final class UserRoutes {

    private UserRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, UserService users, SessionService sessions,
                                ApplicationRepository applications, RateLimiter limiter, boolean trustForwardedFor) {
        // Sign-up takes a session token, or the CB-AuthKey header in its place (docs/protocol.md section 2.2).
        routes.post("/users", SessionRoutes.limited(limiter, trustForwardedFor, dispatcher.open(201, request -> {
            long applicationId = signUpApplication(request.token(), request.authKey(), sessions, applications);
            User user = users.signUp(applicationId, request.params());
            return UserJson.wrapped(user, user.id());
        })));
        routes.get("/users", dispatcher.authed(200, (request, auth) -> users.listV1(auth, request.params(), List.of())));
        routes.get("/users/online", dispatcher.authed(200, (request, auth) -> users.online(auth, request.params())));
        routes.get("/users/v2", dispatcher.authed(200, (request, auth) -> users.listV2(auth, request.params())));
        routes.get("/users/by_login", dispatcher.authed(200, (request, auth) -> wrap(users.byLogin(auth, request.params()), auth)));
        routes.get("/users/by_email", dispatcher.authed(200, (request, auth) -> wrap(users.byEmail(auth, request.params()), auth)));
        routes.get("/users/phone", dispatcher.authed(200, (request, auth) -> wrap(users.byPhone(auth, request.params()), auth)));
        routes.get("/users/by_full_name", dispatcher.authed(200, (request, auth) -> users.byFullName(auth, request.params())));
        routes.get("/users/by_tags", dispatcher.authed(200, (request, auth) -> users.byTags(auth, request.params())));
        routes.get("/users/external/:id", dispatcher.authed(200, (request, auth) -> wrap(users.byExternalId(auth, request.path("id")), auth)));
        routes.get("/users/:id", dispatcher.authed(200, (request, auth) -> wrap(users.byId(auth, request.path("id")), auth)));
        // Limited like logins: a password change checks old_password, which must not be guessable at speed.
        routes.put("/users/:id", SessionRoutes.limited(limiter, trustForwardedFor, dispatcher.authed(200, (request, auth) ->
                wrap(users.updateSelf(auth, request.path("id"), request.params()), auth))));
        routes.delete("/users/:id", dispatcher.authed(200, (request, auth) -> {
            users.deleteSelf(auth, request.path("id"));
            return Map.of();
        }));
    }

    private static Map<String, Object> wrap(User user, Auth auth) {
        return UserJson.wrapped(user, auth.user() == null ? null : auth.user().id());
    }

    private static long signUpApplication(String token, String authKey, SessionService sessions,
                                          ApplicationRepository applications) {
        if (token != null && !token.isBlank()) {
            return sessions.authenticate(token).applicationId();
        }
        if (authKey != null && !authKey.isBlank()) {
            return applications.findByAuthKey(authKey.trim()).orElseThrow(() -> ApiException.base(401, "Unknown auth key"))
                    .id();
        }
        throw ApiException.noSession();
    }
}
