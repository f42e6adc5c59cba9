package dev.parley.sdk.conference;

import java.util.List;

/**
 * Invitations into conference rooms as they arrive (the seed's "Signaling implementation"): someone rings this user
 * into a room, declines this user's invitation, or ends the call. Every method has a default.
 */
public interface ConferenceCallCallbacks {

    /** {@code initiatorId} invites this user into {@code roomId}, together with {@code participantIds}. */
    default void onCallStart(String roomId, long initiatorId, List<Long> participantIds) {
    }

    /** {@code userId} declined the invitation ({@code busy}: in another call). */
    default void onCallRejected(String roomId, long userId, boolean busy) {
    }

    /** {@code userId} ended the call (hung up, or gave up ringing). */
    default void onCallEnd(String roomId, long userId) {
    }
}
