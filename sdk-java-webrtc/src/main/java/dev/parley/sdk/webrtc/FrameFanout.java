package dev.parley.sdk.webrtc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.parley.sdk.media.VideoFrame;
import dev.parley.sdk.media.VideoSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one native sink of a video track: hands each frame, as a read-only {@link VideoFrame} view
 * of the native I420 planes, to the SDK's sinks. Sinks come and go without native calls.
 */
final class FrameFanout implements VideoTrackSink {

    private static final Logger LOG = LoggerFactory.getLogger(FrameFanout.class);

    private final List<VideoSink> sinks = new CopyOnWriteArrayList<>();
    private volatile boolean paused;

    void add(VideoSink sink) {
        sinks.add(sink);
    }

    void remove(VideoSink sink) {
        sinks.remove(sink);
    }

    /** While paused, frames are dropped here (a disabled remote track renders nothing). */
    void setPaused(boolean paused) {
        this.paused = paused;
    }

    @Override
    public void onVideoFrame(dev.onvoid.webrtc.media.video.VideoFrame frame) {
        if (paused || sinks.isEmpty()) return;
        I420Buffer buffer = frame.buffer.toI420();
        VideoFrame view = new VideoFrame(buffer.getWidth(), buffer.getHeight(), frame.rotation, frame.timestampNs,
                buffer.getDataY().asReadOnlyBuffer(), buffer.getStrideY(),
                buffer.getDataU().asReadOnlyBuffer(), buffer.getStrideU(),
                buffer.getDataV().asReadOnlyBuffer(), buffer.getStrideV());
        for (VideoSink sink : sinks) {
            try {
                sink.onFrame(view);
            } catch (RuntimeException e) {
                LOG.warn("A video sink failed", e);
            }
        }
    }
}
