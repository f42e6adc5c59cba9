package dev.parley.sdk.call;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Carries call signals between users: {@link dev.parley.sdk.chat.ChatService} over XMPP (docs/protocol.md
 * §3.2). Fields are the decoded {@code extraParams}: Strings, Maps and Lists.
 */
public interface SignalChannel {

    /** Receives signals, on whatever thread the channel reads on. */
    @FunctionalInterface
    interface Listener {
        void onSignal(long fromUserId, Map<String, Object> fields);
    }

    /** The user this channel is logged in as. */
    long currentUserId();

    /** Sends one signal to the user's every connected device; fails when not connected. */
    CompletableFuture<Void> send(long toUserId, Map<String, Object> fields);

    /** The one listener of incoming signals (null removes it). */
    void setSignalListener(Listener listener);
}
