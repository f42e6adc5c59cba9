package dev.parley.conference.janus;

/**
 * The fields every Janus request carries: its transaction, the session and handle it addresses (0 when none;
 * in the body over WebSocket, in the URL over HTTP) and Parley's REST session token (null when absent).
 */
public record Envelope(String transaction, long sessionId, long handleId, String token) {
}
