package dev.parley.sdk.conference;

/**
 * The connection with each user of a session (seed names: ConnectyCube's {@code RTCSessionStateCallback}). In a
 * conference all the feeds a user receives share one subscriber connection, so its state is every received
 * publisher's: each hears {@link #onConnectedToUser} once its stream arrives on a connected subscription.
 *
 * @param <S> the session type ({@link ConferenceSession})
 */
public interface RTCSessionStateCallback<S> {

    /** Media from the user flows (again). */
    default void onConnectedToUser(S session, long userId) {
    }

    /** Connectivity with the user was lost (the subscription's ICE disconnected or failed). */
    default void onDisconnectedFromUser(S session, long userId) {
    }

    /** The user's streams are gone: they left, were unsubscribed, or the session closed. */
    default void onConnectionClosedForUser(S session, long userId) {
    }
}
