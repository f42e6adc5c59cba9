package dev.parley.sdk.conference;

import dev.parley.sdk.ParleyException;

/**
 * A Janus error: a core one ({@code {"janus":"error","error":{code,reason}}}, e.g. 403, 458) or a video room one
 * ({@code error_code} and {@code error} in the plugin data, e.g. 426 no such room, 432 room full, 436 id taken);
 * docs/protocol.md §4.2-4.3.
 */
public final class JanusException extends ParleyException {

    private final int code;
    private final String reason;

    public JanusException(int code, String reason) {
        super(code + " " + reason);
        this.code = code;
        this.reason = reason;
    }

    /** Janus's error code. */
    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
