package dev.parley.sdk.webrtc;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.parley.sdk.media.MediaDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pushes generated frames into a {@link CustomVideoSource} at a fixed size and frame rate. */
final class SyntheticVideoFeed extends VideoFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticVideoFeed.class);

    private final FramePainter painter;
    private final CustomVideoSource source = new CustomVideoSource();
    private final ScheduledFuture<?> ticks;
    private long frame;
    private boolean closed;
    private boolean failureLogged;

    SyntheticVideoFeed(MediaDevice device, FramePainter painter, int width, int height, int frameRate,
                       ScheduledExecutorService scheduler) {
        super(device, width, height, frameRate);
        this.painter = painter;
        this.ticks = scheduler.scheduleAtFixedRate(this::tick, 0, 1_000_000L / frameRate, TimeUnit.MICROSECONDS);
    }

    @Override
    VideoTrackSource source() {
        return source;
    }

    private synchronized void tick() {
        if (closed) return;
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width(), height());
        try {
            painter.paint(frame++, width(), height(), buffer.getDataY(), buffer.getStrideY(),
                    buffer.getDataU(), buffer.getStrideU(), buffer.getDataV(), buffer.getStrideV());
            source.pushFrame(new VideoFrame(buffer, System.nanoTime()));
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log once and keep going.
            if (!failureLogged) LOG.warn("{}: could not push a synthetic frame", device().name(), e);
            failureLogged = true;
        } finally {
            buffer.release();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        ticks.cancel(false);
        source.dispose();
    }
}
