package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.video.VideoCaptureCapability;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;

/** A real camera captured through webrtc-java's {@link VideoDeviceSource}. */
final class CameraVideoFeed extends VideoFeed {

    private final VideoDeviceSource source = new VideoDeviceSource();
    private boolean closed;

    CameraVideoFeed(MediaDevice device, VideoDevice camera, int width, int height, int frameRate) throws MediaException {
        super(device, width, height, frameRate);
        try {
            source.setVideoCaptureDevice(camera);
            source.setVideoCaptureCapability(new VideoCaptureCapability(width, height, frameRate));
            source.start();
        } catch (RuntimeException e) {
            source.dispose();
            throw new MediaException("could not start camera " + device.name() + " at "
                    + width + "x" + height + "@" + frameRate + ": " + e.getMessage(), e);
        }
    }

    @Override
    VideoTrackSource source() {
        return source;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            source.stop();
        } finally {
            source.dispose();
        }
    }
}
