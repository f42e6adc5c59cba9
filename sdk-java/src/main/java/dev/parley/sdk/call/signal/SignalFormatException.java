package dev.parley.sdk.call.signal;

/** The {@code <extraParams>} fields are not a call signal this SDK can act on; the message says why. */
public final class SignalFormatException extends Exception {

    public SignalFormatException(String message) {
        super(message);
    }
}
