package dev.parley.sdk.media;

/**
 * A data channel this side opened on a peer connection (RFC 8831): it sends; what arrives on channels the other side
 * opened comes to {@link MediaPeer.Listener#onDataMessage}. Thread-safe.
 */
public interface DataChannel {

    /**
     * Sends one message (text when {@code binary} is false: UTF-8 bytes); before the channel opens it waits (a bounded
     * number of messages). Returns false when it was not taken: closed, or too many waiting.
     */
    boolean send(byte[] data, boolean binary);
}
