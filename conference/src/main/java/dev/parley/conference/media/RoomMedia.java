package dev.parley.conference.media;

/**
 * One video room's media, opened by {@link MediaPlane#openRoom}: one transport (ICE-lite, DTLS-SRTP, BUNDLE, rtcp-mux)
 * per publisher or subscriber handle, and the forwarding between them.
 *
 * <p>Threading: the room calls these methods and the endpoints' from its serial executor; implementations must not
 * block (no I/O waits). Listener callbacks come on media threads; the room hands them to its executor.
 */
public interface RoomMedia {

    /**
     * Opens the transport a publisher will send on. Its {@link MediaEndpoint#local()} goes into Parley's answer; the
     * streams follow in {@link PublisherEndpoint#receive}.
     */
    PublisherEndpoint openPublisher(MediaListener listener);

    /**
     * Opens the transport a subscriber will receive on. Its {@link MediaEndpoint#local()} goes into Parley's offer;
     * the streams follow in {@link SubscriberEndpoint#send} once the subscriber has answered.
     */
    SubscriberEndpoint openSubscriber(MediaListener listener);

    /** Releases the room's media once its last endpoint has closed (the room closed); later opens fail. */
    void close();
}
