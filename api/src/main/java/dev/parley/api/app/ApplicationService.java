package dev.parley.api.app;

import dev.parley.common.security.SecureTokens;
import dev.parley.storage.ApplicationRepository;
import dev.parley.storage.model.Application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates applications with fresh credentials. Thread-safe. */
public final class ApplicationService {

    public static final int NAME_MAX = 200;

    private final ApplicationRepository applications;

    public ApplicationService(ApplicationRepository applications) {
        this.applications = applications;
    }

    /** A new application with a random auth key (about 143 bits) and auth secret (about 190 bits). */
    public Application create(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > NAME_MAX) {
            throw new IllegalArgumentException("application name must be 1 to " + NAME_MAX + " characters");
        }
        return applications.create(trimmed, SecureTokens.alphanumeric(24), SecureTokens.alphanumeric(32));
    }

    /** The first application, creating one named "Default" on an empty database. */
    public Created ensureDefault() {
        List<Application> all = applications.findAll();
        if (!all.isEmpty()) {
            return new Created(all.getFirst(), false);
        }
        return new Created(create("Default"), true);
    }

    /** The application and whether this call created it. */
    public record Created(Application application, boolean isNew) {
    }

    /** The credentials JSON of {@code default-app.json} and {@code parley app create}. */
    public static Map<String, Object> credentials(Application application) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("application_id", application.id());
        json.put("auth_key", application.authKey());
        json.put("auth_secret", application.authSecret());
        return json;
    }
}
