package dev.parley.conference.negotiation;

/** A description Parley cannot negotiate: it parses, but lacks what WebRTC with Parley needs (Janus's 437). */
public final class NegotiationException extends Exception {

    public NegotiationException(String message) {
        super(message);
    }
}
