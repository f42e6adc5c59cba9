package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.parley.sdk.media.MediaDevice;

/** A local video source and what drives it, with the device and format it was opened with. */
abstract class VideoFeed implements LocalFeed {

    private final MediaDevice device;
    private final int width;
    private final int height;
    private final int frameRate;

    VideoFeed(MediaDevice device, int width, int height, int frameRate) {
        this.device = device;
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
    }

    abstract VideoTrackSource source();

    @Override
    public final MediaDevice device() {
        return device;
    }

    /** The frame size and rate asked of the device (it may deliver less). */
    final int width() {
        return width;
    }

    final int height() {
        return height;
    }

    final int frameRate() {
        return frameRate;
    }
}
