package dev.parley.api.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST failure with its status and the {@code {"errors":{...}}} body of docs/protocol.md section 2: messages keyed
 * by field, or by {@code base} when no single field is at fault.
 */
public final class ApiException extends RuntimeException {

    /** The exact text the ConnectyCube and QuickBlox SDKs key their session-expired hooks on. */
    public static final String REQUIRED_SESSION = "Required session does not exist";

    private final int status;
    private final Map<String, List<String>> errors;
    private final Duration retryAfter;

    private ApiException(int status, Map<String, List<String>> errors, Duration retryAfter) {
        super(status + " " + errors);
        this.status = status;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ApiException of(int status, String field, String message) {
        return new ApiException(status, Map.of(field, List.of(message)), null);
    }

    public static ApiException base(int status, String message) {
        return of(status, "base", message);
    }

    /** 401 for a missing, unknown or expired token. */
    public static ApiException noSession() {
        return base(401, REQUIRED_SESSION);
    }

    /** 401 for wrong credentials; it never says which part was wrong. */
    public static ApiException unauthorized() {
        return base(401, "Unauthorized");
    }

    public static ApiException invalid(String field, String message) {
        return of(422, field, message);
    }

    /** 422 with several fields at fault. */
    public static ApiException invalid(Map<String, List<String>> errors) {
        return new ApiException(422, new LinkedHashMap<>(errors), null);
    }

    public static ApiException badRequest(String message) {
        return base(400, message);
    }

    public static ApiException notFound(String message) {
        return base(404, message);
    }

    public static ApiException forbidden(String message) {
        return base(403, message);
    }

    public static ApiException tooManyRequests(Duration retryAfter) {
        return new ApiException(429, Map.of("base", List.of("Too many requests; retry in "
                + Math.max(1, retryAfter.toSeconds()) + " s")), retryAfter);
    }

    public static ApiException busy(String what) {
        return base(503, "Server busy (" + what + "); retry shortly");
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    /** For 429: how long the client should wait; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The response body. */
    public Map<String, Object> body() {
        return Map.of("errors", errors);
    }
}
