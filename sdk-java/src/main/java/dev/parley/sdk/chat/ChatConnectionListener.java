package dev.parley.sdk.chat;

/** Hears the chat connection's life; called on a Smack thread, so hand long work off. */
public interface ChatConnectionListener {

    /** Logged in (again, after a reconnection). */
    default void onConnected() {
    }

    /** The connection dropped; {@code willReconnect} when the SDK retries by itself. */
    default void onDisconnected(Exception cause, boolean willReconnect) {
    }

    /** The app disconnected. */
    default void onClosed() {
    }
}
