package dev.parley.media.tcp;

/** Why an ICE-TCP connection closed; each reason is counted (docs/conference.md lists them). */
public enum TcpCloseReason {
    /** No valid ICE check within {@code parley.media.tcp-check-timeout} of connecting. */
    CHECK_TIMEOUT,
    /** {@code parley.media.tcp-max-pending-connections} connections were already waiting for their first check. */
    TOO_MANY_PENDING,
    /** An RFC 4571 frame longer than {@code parley.media.max-datagram-size}: not a peer speaking ICE-TCP. */
    FRAME_TOO_LONG,
    /** Something other than STUN before the first valid check (RFC 6544 §7.2: the first packets are checks). */
    NOT_ICE,
    /** Its transport closed, or forgot the path. */
    TRANSPORT_CLOSED,
    /** The peer closed or reset the connection. */
    PEER_CLOSED,
    /** The media server stopped. */
    SERVER_CLOSED
}
