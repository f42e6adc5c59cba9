package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.Routes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /meetings...} (docs/protocol.md section 2.3). Every route needs a user session. {@code GET /meetings} is
 * two calls in one, as the ConnectyCube SDK makes it: with {@code _id}, the one meeting; without, the list. The
 * fixed paths are registered before {@code /meetings/:id}.
 */
public final class MeetingRoutes {

    private MeetingRoutes() {
    }

    public static void register(Routes routes, Dispatcher dispatcher, MeetingService meetings) {
        routes.post("/meetings", dispatcher.authed(201, (request, auth) ->
                MeetingJson.render(meetings.create(auth, request.params()), auth.user())));
        routes.get("/meetings", dispatcher.authed(200, (request, auth) -> {
            if (request.params().has("_id")) {
                String id = request.params().string("_id").orElseThrow(() -> ApiException.notFound("Meeting not found"));
                return MeetingJson.render(meetings.get(auth, id), auth.user());
            }
            return MeetingJson.render(meetings.list(auth, request.params()).page().items(), auth.user());
        }));
        routes.get("/meetings/paged", dispatcher.authed(200, (request, auth) -> {
            MeetingService.Listing listing = meetings.list(auth, request.params());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("limit", listing.query().limit());
            json.put("skip", listing.query().offset());
            json.put("total_entries", listing.page().total());
            json.put("items", MeetingJson.render(listing.page().items(), auth.user()));
            return json;
        }));
        routes.get("/meetings/recordings/:id", dispatcher.authed(200, (request, auth) ->
                meetings.recordings(auth, request.path("id"))));
        routes.put("/meetings/:id", dispatcher.authed(200, (request, auth) ->
                MeetingJson.render(meetings.update(auth, request.path("id"), request.params()), auth.user())));
        routes.delete("/meetings/:id", dispatcher.authed(200, (request, auth) -> {
            meetings.delete(auth, request.path("id"));
            return Map.of();
        }));
    }
}
