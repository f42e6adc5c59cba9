package dev.parley.sdk.media;

/** Renders video frames; called on an engine thread, so keep it short (copy, then hand off). */
@FunctionalInterface
public interface VideoSink {

    void onFrame(VideoFrame frame);
}
