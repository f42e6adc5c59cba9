package dev.parley.media.udp;

/** Why a packet on the media port (a datagram, or an ICE-TCP frame) was dropped; each reason is counted (docs/conference.md lists them). */
public enum DropReason {
    /** Larger than {@code parley.media.max-datagram-size}. */
    OVERSIZE,
    /** First byte outside STUN, DTLS and RTP/RTCP (RFC 7983). */
    UNKNOWN_PROTOCOL,
    /** DTLS or SRTP from an address no valid ICE check came from. */
    UNKNOWN_SENDER,
    /** Not a well-formed STUN message, or a wrong FINGERPRINT. */
    STUN_MALFORMED,
    /** A Binding request for a username fragment no transport has. */
    STUN_UNKNOWN_USERNAME,
    /** A Binding request answered with an error (400, 401, 420, 487): no or wrong credentials, say. */
    STUN_REJECTED,
    /** STUN that needs no answer: indications (keepalives) and responses (the SFU sends no requests). */
    STUN_NOT_REQUEST,
    /** The transport's DTLS queue was full, or the transport is closing. */
    DTLS_QUEUE_FULL,
    /** DTLS application data nobody takes: a transport without data channels, or before it connected. */
    DTLS_APPLICATION_DATA,
    /** SRTP or SRTCP before DTLS produced keys. */
    SRTP_NOT_READY,
    /** SRTP or SRTCP that failed authentication. */
    SRTP_AUTH_FAILED,
    /** SRTP or SRTCP already received, or too old for the replay window. */
    SRTP_REPLAYED,
    /** SRTP or SRTCP too short, a new SSRC beyond the transport's bound, or a cipher failure. */
    SRTP_INVALID,
    /** Decrypted media no packet receiver was set to take. */
    NO_RECEIVER,
    /** Outgoing: the socket's send queue was over its limit. */
    SEND_QUEUE_FULL,
    /** Outgoing: an ICE-TCP connection's send queue was over {@code parley.media.tcp-send-queue-limit}. */
    TCP_SEND_QUEUE_FULL,
    /** Outgoing: the kernel refused the datagram (no route to the peer: its network is gone). */
    SEND_FAILED
}
