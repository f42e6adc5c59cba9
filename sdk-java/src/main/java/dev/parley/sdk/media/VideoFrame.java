package dev.parley.sdk.media;

import java.nio.ByteBuffer;

/**
 * One I420 video frame. The buffers are valid only during {@link VideoSink#onFrame}: copy what you
 * keep.
 */
public record VideoFrame(int width, int height, int rotation, long timestampNs,
                         ByteBuffer dataY, int strideY, ByteBuffer dataU, int strideU, ByteBuffer dataV, int strideV) {

    /** Mean luma of the frame (0 black .. 255 white), sampling every 4th pixel of every 4th row. */
    public double meanLuma() {
        long sum = 0;
        long count = 0;
        for (int row = 0; row < height; row += 4) {
            int base = row * strideY;
            for (int col = 0; col < width; col += 4) {
                sum += dataY.get(base + col) & 0xff;
                count++;
            }
        }
        return count == 0 ? 0 : (double) sum / count;
    }
}
