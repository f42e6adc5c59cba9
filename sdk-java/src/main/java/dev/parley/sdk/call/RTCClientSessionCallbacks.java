package dev.parley.sdk.call;

import java.util.Map;

/**
 * Session events of an {@link RTCClient}: override the ones the app needs. Called on the client's
 * callback executor, never on a WebRTC thread.
 */
public interface RTCClientSessionCallbacks {

    /** Somebody calls this user: accept or reject it (or let it time out). */
    default void onReceiveNewSession(RTCSession session) {
    }

    /** This user neither accepted nor rejected an incoming call within the answer time; it closes. */
    default void onUserNoActions(RTCSession session, long userId) {
    }

    /** The session starts closing (hang-up, reject, last peer gone, timeout). */
    default void onSessionStartClose(RTCSession session) {
    }

    /** An opponent did not answer our call within the answer time. */
    default void onUserNotAnswer(RTCSession session, long userId) {
    }

    default void onCallRejectByUser(RTCSession session, long userId, Map<String, String> userInfo) {
    }

    default void onCallAcceptByUser(RTCSession session, long userId, Map<String, String> userInfo) {
    }

    default void onReceiveHangUpFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
    }

    /** An opponent sent {@link RTCSession#update} during the call. */
    default void onUpdateFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
    }

    /** The session is closed; its devices are released. */
    default void onSessionClosed(RTCSession session) {
    }
}
