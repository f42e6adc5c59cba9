package dev.parley.sdk.chat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * System messages between users (ConnectyCube's {@code sendSystemMessage}, docs/protocol.md §3.2): a headline whose
 * {@code <extraParams>} holds {@code <moduleIdentifier>SystemNotifications</moduleIdentifier>} and the app's fields.
 * {@link ChatService} carries them; the conference invitations are made of them.
 */
public interface SystemMessageChannel {

    /** The {@code moduleIdentifier} of a system message. */
    String MODULE = "SystemNotifications";

    /** Receives system messages, on whatever thread the channel reads on: the sender and the fields (moduleIdentifier excluded). */
    @FunctionalInterface
    interface Listener {
        void onSystemMessage(long fromUserId, Map<String, String> fields);
    }

    /** The user this channel is logged in as. */
    long currentUserId();

    /** Sends the fields to the user's connected devices; never blocks (the future fails when it cannot be sent now). */
    CompletableFuture<Void> sendSystemMessage(long toUserId, Map<String, String> fields);

    /** The one listener of incoming system messages (null removes it). */
    void setSystemMessageListener(Listener listener);
}
