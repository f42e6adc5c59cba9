package dev.parley.sdk.bot;

/**
 * A Janus error: a core one ({@code {"janus":"error","error":{code,reason}}}, e.g. 403, 458) or a
 * video room one ({@code error_code} and {@code error} in the plugin data, e.g. 426, 432, 436);
 * docs/protocol.md §4.2-4.3.
 */
final class JanusException extends RuntimeException {

    private final int code;

    JanusException(int code, String reason) {
        super(code + " " + reason);
        this.code = code;
    }

    int code() {
        return code;
    }

    String reason() {
        return getMessage().substring(getMessage().indexOf(' ') + 1);
    }
}
