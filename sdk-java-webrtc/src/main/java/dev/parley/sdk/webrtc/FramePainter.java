package dev.parley.sdk.webrtc;

import java.nio.ByteBuffer;

/** Fills the planes of a generated I420 frame. */
@FunctionalInterface
interface FramePainter {

    /** All black (luma 0, neutral chroma): what a muted camera sends. */
    FramePainter BLACK = (frame, width, height, y, strideY, u, strideU, v, strideV) -> {
        fill(y, strideY, width, height, 0);
        fill(u, strideU, (width + 1) / 2, (height + 1) / 2, 128);
        fill(v, strideV, (width + 1) / 2, (height + 1) / 2, 128);
    };

    /** Paints frame number {@code frame} of a {@code width}x{@code height} picture. */
    void paint(long frame, int width, int height,
               ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV);

    private static void fill(ByteBuffer plane, int stride, int width, int height, int value) {
        byte[] row = new byte[width];
        java.util.Arrays.fill(row, (byte) value);
        for (int r = 0; r < height; r++) {
            plane.put(r * stride, row);
        }
    }
}
