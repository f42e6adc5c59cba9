package dev.parley.conference.media;

/** What publisher and subscriber transports have in common. */
public interface MediaEndpoint {

    /** Parley's ICE credentials, fingerprint and candidates for this transport. */
    LocalTransport local();

    /**
     * New ICE credentials for an ICE restart (RFC 8445 §9; RFC 8839 §4.4.1.1.1: new ufrag and pwd in the next
     * offer or answer); the DTLS association and the streams stay. Returns the transport to announce.
     */
    LocalTransport restartIce();

    /**
     * The negotiation accepted a data channel section (RFC 8831): the transport takes the peer's SCTP association.
     * A publisher's messages go to the subscribers of its streams, on channels whose sub-protocol is {@code sender}
     * (its feed id); a subscriber's transport carries them. Enabling twice does nothing.
     *
     * @param remoteMaxMessageSize the peer's {@code a=max-message-size} (RFC 8841 §6), 0 for no limit
     */
    default void enableData(String sender, long remoteMaxMessageSize) {
    }

    /** Tears the transport down; no listener callback follows. Closing twice does nothing. */
    void close();
}
