package dev.parley.common.signal;

import java.util.List;

/**
 * Sends call signals (docs/protocol.md §3.2) on behalf of a user: a {@code <message type="headline">} with one
 * {@code <extraParams xmlns="jabber:client">} built from the fields. The chat server implements it; the REST
 * API uses it for {@code POST /calls/reject} without depending on the chat module (as with
 * {@link dev.parley.common.identity.OnlineUsers}).
 *
 * <p>Delivery follows the headline rule: to every connected resource of the recipient in that application, never
 * stored. Implementations must be thread-safe and must not block: they are called from REST worker threads.
 */
public interface CallSignals {

    /** Signals go nowhere (no chat server wired). */
    CallSignals NONE = (applicationId, fromUserId, toUserId, extraParams) -> 0;

    /**
     * Hands the signal to each connected resource of {@code toUserId}, stamped as from the bare JID of
     * {@code fromUserId}, both users of {@code applicationId}.
     *
     * @return how many resources it was handed to; 0 when the recipient is not connected (it is dropped)
     */
    int send(long applicationId, long fromUserId, long toUserId, List<SignalField> extraParams);
}
