package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.video.VideoDesktopSource;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;

/** A real screen captured through webrtc-java's {@link VideoDesktopSource}. */
final class DesktopVideoFeed implements VideoFeed {

    private final MediaDevice device;
    private final int width;
    private final int height;
    private final int frameRate;
    private final VideoDesktopSource source = new VideoDesktopSource();
    private boolean closed;

    DesktopVideoFeed(MediaDevice device, long screenId, int maxWidth, int maxHeight, int frameRate) throws MediaException {
        this.device = device;
        this.width = maxWidth;
        this.height = maxHeight;
        this.frameRate = frameRate;
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
    public MediaDevice device() {
        return device;
    }

    @Override
    public VideoTrackSource source() {
        return source;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int frameRate() {
        return frameRate;
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
