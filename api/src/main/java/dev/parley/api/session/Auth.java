package dev.parley.api.session;

import dev.parley.api.http.ApiException;
import dev.parley.storage.model.Application;
import dev.parley.storage.model.Session;
import dev.parley.storage.model.User;

/** Who is calling: a live session of an application, with its user when the session is a user session. */
public record Auth(Session session, String token, Application application, User user) {

    public long applicationId() {
        return application.id();
    }

    /** The session's user; 401 for an application-only session, on routes that act as a user. */
    public User requireUser() {
        if (user == null) {
            throw ApiException.base(401, "This action needs a user session; log in first");
        }
        return user;
    }
}
