package dev.parley.media.forward;

/**
 * Per-stream events of a room, for the conference layer: Janus {@code media} events, talking events, keyframe
 * diagnostics. Called on the room's thread from the media hot path: an implementation returns at once and posts
 * anything that takes time or touches signaling state to its own queue.
 */
public interface StreamListener {

    /** A listener that ignores every event. */
    StreamListener NONE = new StreamListener() {
    };

    /**
     * The stream started receiving media (its first packet, or the first after a silence), or stopped: nothing
     * for {@link ForwardingSettings#noMediaTimeout()}.
     */
    default void receivingChanged(PublisherStream stream, boolean receiving) {
    }

    /**
     * The average audio level of an audio stream over the last {@link ForwardingSettings#audioLevelWindow()}
     * packets that carried the RFC 6464 extension, in -dBov (0 loudest, 127 silence).
     */
    default void audioLevel(PublisherStream stream, int averageLevel) {
    }

    /**
     * The average audio level of an audio stream over its last {@link PublisherStream#SPEECH_LEVEL_WINDOW} packets
     * with the RFC 6464 extension (-dBov): the fine-grained reports that dominant speaker detection reads.
     */
    default void speechLevel(PublisherStream stream, int recentLevel) {
    }

    /** A video stream's packet began a keyframe. */
    default void keyframe(PublisherStream stream) {
    }

    /**
     * A subscription to a simulcast or temporally layered video now forwards other layers: {@code spatial} the
     * simulcast layer (0 the lowest), {@code temporal} the temporal layer (0 the base, 2 all); what Janus tells a
     * subscriber with {@code substream} and {@code temporal} events.
     */
    default void layersChanged(Subscription subscription, int spatial, int temporal) {
    }
}
