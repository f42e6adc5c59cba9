package dev.parley.sdk;

import java.util.List;
import java.util.Map;

/**
 * A request Parley refused or could not answer. {@link #status()} is the HTTP status (0 when the
 * server was not reached or for chat failures); {@link #errors()} the server's field errors.
 */
public class ParleyException extends RuntimeException {

    private final int status;
    private final Map<String, List<String>> errors;

    public ParleyException(String message) {
        this(message, 0, Map.of(), null);
    }

    public ParleyException(String message, Throwable cause) {
        this(message, 0, Map.of(), cause);
    }

    public ParleyException(String message, int status, Map<String, List<String>> errors, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errors = Map.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }
}
