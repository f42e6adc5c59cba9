package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.video.VideoDesktopSource;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;

/** A real screen captured through webrtc-java's {@link VideoDesktopSource}. */
final class DesktopVideoFeed extends VideoFeed {

    private final VideoDesktopSource source = new VideoDesktopSource();
    private boolean closed;

    DesktopVideoFeed(MediaDevice device, long screenId, int maxWidth, int maxHeight, int frameRate) throws MediaException {
        super(device, maxWidth, maxHeight, frameRate);
        try {
            source.setSourceId(screenId, false);
            source.setFrameRate(frameRate);
            source.setMaxFrameSize(maxWidth, maxHeight);
            source.start();
        } catch (RuntimeException e) {
            source.dispose();
            throw new MediaException("could not capture screen " + device.name() + ": " + e.getMessage(), e);
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
