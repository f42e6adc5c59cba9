package dev.parley.media.dtls;

/** Why a DTLS session ended without (or after) connecting. */
public enum DtlsFailure {
    /** The ClientHello offered no use_srtp profile the SFU supports (RFC 5764 §4.1.1). */
    NO_SRTP_PROFILE,
    /** The peer sent no certificate, which WebRTC requires (RFC 5763 §5). */
    NO_CLIENT_CERTIFICATE,
    /** The peer's certificate is not the one its SDP's {@code a=fingerprint} names (RFC 5763 §5). */
    FINGERPRINT_MISMATCH,
    /** Too many handshakes at once for longer than the handshake timeout. */
    BUSY,
    /** Any other protocol failure: a fatal alert either way, a malformed record, a transport closed mid-way. */
    HANDSHAKE_FAILED,
    /** The peer closed the association (close_notify) or sent a fatal alert after connecting. */
    CLOSED_BY_PEER
}
