package dev.parley.conference.media;

/**
 * The media plane as a video room sees it: one transport (ICE-lite, DTLS-SRTP, BUNDLE, rtcp-mux) per publisher or
 * subscriber handle. Implemented on top of the {@code media} module and wired in {@code server}; tests use a fake.
 *
 * <p>Threading: rooms call these methods and the endpoints' from their own serial executor; implementations must not
 * block (no I/O waits) and must be safe to call from several rooms at once. Listener callbacks come on media threads;
 * the room hands them to its executor.
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
}
