package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;

import java.util.concurrent.CompletableFuture;

/**
 * Carries call signals between users: {@link dev.parley.sdk.chat.ChatService} over XMPP (docs/protocol.md
 * §3.2), which turns them into the wire's {@code <extraParams>} with {@link dev.parley.sdk.call.signal.SignalCodec}
 * and back. Signals are typed on both sides of it; what cannot be read as one never reaches the listener.
 */
public interface SignalChannel {

    /** Receives signals, on whatever thread the channel reads on. */
    @FunctionalInterface
    interface Listener {
        void onSignal(long fromUserId, CallSignal signal);
    }

    /** The user this channel is logged in as. */
    long currentUserId();

    /**
     * Sends one signal to the user's every connected device. Never blocks: the future fails when the signal
     * cannot be handed to the connection now (not connected, its send queue full).
     */
    CompletableFuture<Void> send(long toUserId, CallSignal signal);

    /** The one listener of incoming signals (null removes it). */
    void setSignalListener(Listener listener);
}
