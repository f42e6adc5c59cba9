package dev.parley.sdk.media;

/** A local or remote audio or video track. */
public interface MediaTrack {

    enum Kind { AUDIO, VIDEO }

    Kind kind();

    String id();

    boolean isEnabled();

    /** A disabled local track sends silence or black frames; a disabled remote one renders nothing. */
    void setEnabled(boolean enabled);

    /** Receives each decoded (remote) or captured (local) frame of a video track; ignored for audio. */
    void addSink(VideoSink sink);

    void removeSink(VideoSink sink);
}
