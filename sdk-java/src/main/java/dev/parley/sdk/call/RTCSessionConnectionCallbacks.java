package dev.parley.sdk.call;

/**
 * Connection events of one session, per opponent. Called on the client's callback executor.
 */
public interface RTCSessionConnectionCallbacks {

    /** Offer and answer are exchanged with the user; ICE starts. */
    default void onStartConnectToUser(RTCSession session, long userId) {
    }

    /** Media flows with the user (again, after a reconnection). */
    default void onConnectedToUser(RTCSession session, long userId) {
    }

    /** ICE failed; the SDK keeps restarting ICE until the disconnect time. */
    default void onConnectionFailedWithUser(RTCSession session, long userId) {
    }

    /** Connectivity lost; the SDK restarts ICE until the disconnect time. */
    default void onDisconnectedFromUser(RTCSession session, long userId) {
    }

    /** Still disconnected when the disconnect time ran out: the connection is closed. */
    default void onDisconnectedTimeoutFromUser(RTCSession session, long userId) {
    }

    /** The connection with the user is closed (hang-up, reject, no answer, timeout, error). */
    default void onConnectionClosedForUser(RTCSession session, long userId) {
    }

    /** The session's own state changed. */
    default void onStateChanged(RTCSession session, RTCSessionState state) {
    }

    /** The connection with one user changed state (every change, including those above). */
    default void onPeerStateChanged(RTCSession session, long userId, RTCConnectionState state) {
    }
}
