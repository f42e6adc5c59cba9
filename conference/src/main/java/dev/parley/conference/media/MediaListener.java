package dev.parley.conference.media;

/**
 * What the media plane tells a room about one endpoint. Called on media threads, never while the media plane holds a
 * lock the room could need; the room passes each call to its own executor.
 */
public interface MediaListener {

    /** ICE has a selected pair and DTLS is established: Janus's {@code webrtcup}. */
    void connected();

    /** Media on a publisher's stream started or stopped arriving (Janus's {@code media} event). */
    void receiving(String mid, boolean receiving);

    /**
     * The average level of a publisher's audio stream over its last {@code parley.media.forwarding.audio-level-window}
     * packets (two seconds of Opus by default), in -dBov as RFC 6464 carries it:
     * 0 is loudest, 127 silence. The room turns it into {@code talking} and {@code stopped-talking} events.
     */
    void audioLevel(String mid, int averageLevel);

    /**
     * The average level of a publisher's audio stream over its last few packets (80 ms of Opus), in -dBov: what the
     * room's dominant speaker detection reads. Subscribers' endpoints report none.
     */
    default void speechLevel(String mid, int recentLevel) {
    }

    /** Many packets were lost recently on a stream, from the publisher ({@code uplink}) or to the subscriber. */
    void slowLink(String mid, boolean uplink, int lost);

    /**
     * A subscriber's stream now carries other simulcast ({@code substream}, 0 the lowest) or temporal layers
     * ({@code temporal}, 0 the base): Janus's subscriber events with {@code substream} and {@code temporal}.
     */
    default void layersChanged(String mid, int substream, int temporal) {
    }

    /** The transport is gone: consent expired (RFC 7675), ICE never completed, or DTLS failed or was closed. */
    void closed(String reason);
}
