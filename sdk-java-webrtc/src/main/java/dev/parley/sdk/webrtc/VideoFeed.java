package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.video.VideoTrackSource;

/** A local video source and what drives it. */
interface VideoFeed extends LocalFeed {

    VideoTrackSource source();

    /** The frame size and rate asked of the device (it may deliver less). */
    int width();

    int height();

    int frameRate();
}
