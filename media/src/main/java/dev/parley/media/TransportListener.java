package dev.parley.media;

/** What a {@link MediaTransport} tells its owner; called on the media event loop, which it must not block. */
public interface TransportListener {

    /** ICE has a selected address, DTLS finished with the expected certificate, SRTP has its keys: media can flow. */
    void onConnected(MediaTransport transport);

    /** The transport closed and released everything; called once, also when its owner closed it. */
    void onClosed(MediaTransport transport, CloseReason reason);
}
