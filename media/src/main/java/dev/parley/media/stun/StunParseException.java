package dev.parley.media.stun;

/** A datagram that is not a well-formed STUN message; the message says what is wrong with it. */
public final class StunParseException extends Exception {

    public StunParseException(String message) {
        super(message, null, false, false);
    }
}
