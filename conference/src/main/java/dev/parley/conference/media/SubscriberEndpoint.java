package dev.parley.conference.media;

import java.util.List;

/** A subscriber's transport: Parley sends it the publishers' streams it subscribed to. */
public interface SubscriberEndpoint extends MediaEndpoint {

    /**
     * Sets (or, after a renegotiation, replaces) what is sent, once the subscriber has answered Parley's offer: the
     * remote ICE credentials and fingerprints, and the streams the answer accepted. Streams no longer listed stop.
     * The media plane asks each source for a keyframe when a video stream starts.
     */
    void send(RemoteTransport remote, List<ForwardedStream> streams);

    /** Stops sending every stream ({@code pause}) or starts again ({@code start} without an answer). */
    void setPaused(boolean paused);

    /** Stops or resumes one stream ({@code configure} with {@code streams:[{mid, send}]}). */
    void setSending(String mid, boolean send);

    /**
     * The highest simulcast layer and temporal layer the subscriber wants on one video stream ({@code configure}
     * with {@code substream} and {@code temporal}, 0 the lowest to 2 the highest); its downlink may give it less.
     */
    void setLayers(String mid, int substream, int temporal);

    /**
     * The publishers of data channels only (no audio or video, as ConnectyCube's listeners) that the subscriber took
     * whole: their messages reach it too, besides those of the publishers whose streams it receives. Replaces the
     * list given before.
     */
    void receiveData(List<PublisherEndpoint> dataOnlyFeeds);
}
