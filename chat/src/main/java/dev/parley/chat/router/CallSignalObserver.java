package dev.parley.chat.router;

import java.util.List;

/**
 * Told of every call signal (docs/protocol.md §3.2) the router passes between two users, and whether the recipient
 * had a connected chat resource to take it; the server's call push (docs/push.md) uses it to reach a callee whose
 * app is closed. Called on the sender's event loop: implementations must not block and must be thread-safe.
 */
public interface CallSignalObserver {

    /** Nobody listens. */
    CallSignalObserver NONE = (applicationId, fromUserId, toUserId, recipientConnected, signal) -> {
    };

    /** A call signal's fields that say what it is about; absent ones are null (or empty). */
    record Signal(String signalType, String sessionId, String callType, String callerId, List<String> opponentIds) {
    }

    void observed(long applicationId, long fromUserId, long toUserId, boolean recipientConnected, Signal signal);
}
