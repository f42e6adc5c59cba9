package dev.parley.media.dtls;

/**
 * Where a DTLS session's records go: the media socket, towards the peer's selected address.
 * Called from the session's thread; must copy the bytes before returning and must not block.
 */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] buf, int off, int len);
}
