package dev.parley.conference.sfu;

import dev.parley.media.CloseReason;

/** Why a transport closed, in the words of Janus's {@code hangup} reasons, which clients show or log. */
final class CloseReasons {

    private CloseReasons() {
    }

    static String describe(CloseReason reason) {
        return switch (reason) {
            case CONSENT_EXPIRED -> "ICE consent expired";
            case CONNECT_TIMEOUT -> "ICE failed";
            case DTLS_HANDSHAKE_TIMEOUT, DTLS_FAILED -> "DTLS error";
            case FINGERPRINT_MISMATCH -> "DTLS fingerprint mismatch";
            case PEER_CLOSED -> "DTLS alert";
            case TCP_CLOSED -> "ICE-TCP connection closed";
            case SERVER_CLOSED -> "Server shutting down";
            case CLOSED -> "Close PC";
        };
    }
}
