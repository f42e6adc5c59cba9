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

    /** Tears the transport down; no listener callback follows. Closing twice does nothing. */
    void close();
}
