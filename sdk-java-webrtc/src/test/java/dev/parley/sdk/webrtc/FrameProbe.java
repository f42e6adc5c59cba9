package dev.parley.sdk.webrtc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.parley.sdk.media.VideoFrame;
import dev.parley.sdk.media.VideoSink;

/** A video sink that remembers the size and mean luma of the last frame, and counts frames. */
final class FrameProbe implements VideoSink {

    /** What a frame looked like. */
    record Seen(long frames, int width, int height, double meanLuma) {
    }

    private final AtomicLong frames = new AtomicLong();
    private final AtomicReference<Seen> last = new AtomicReference<>(new Seen(0, 0, 0, -1));

    @Override
    public void onFrame(VideoFrame frame) {
        long count = frames.incrementAndGet();
        last.set(new Seen(count, frame.width(), frame.height(), frame.meanLuma()));
    }

    Seen last() {
        return last.get();
    }
}
