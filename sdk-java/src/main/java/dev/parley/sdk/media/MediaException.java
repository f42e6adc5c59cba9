package dev.parley.sdk.media;

/** A media operation failed: a device could not be opened, an SDP was refused, the engine is closed. */
public class MediaException extends Exception {

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
