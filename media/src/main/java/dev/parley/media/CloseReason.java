package dev.parley.media;

/** Why a {@link MediaTransport} closed; told once to its {@link TransportListener}. */
public enum CloseReason {
    /** Its owner closed it. */
    CLOSED,
    /** The media server stopped. */
    SERVER_CLOSED,
    /** No valid ICE check for {@code parley.media.consent-timeout} (RFC 7675): the peer is gone. */
    CONSENT_EXPIRED,
    /** Not connected (ICE, DTLS and SRTP ready) within {@code parley.media.connect-timeout} of its creation. */
    CONNECT_TIMEOUT,
    /** The DTLS handshake did not finish within {@code parley.media.dtls-handshake-timeout} of its first record. */
    DTLS_HANDSHAKE_TIMEOUT,
    /** The peer's DTLS certificate is not the one its SDP's fingerprint names (RFC 5763 §5). */
    FINGERPRINT_MISMATCH,
    /** The DTLS handshake failed otherwise: no common SRTP profile, no client certificate, a fatal alert. */
    DTLS_FAILED,
    /** The peer closed the DTLS association. */
    PEER_CLOSED,
    /** The ICE-TCP connection media went over closed and the peer had proved no other path (RFC 6544: the connection is the pair). */
    TCP_CLOSED
}
