package dev.parley.sdk.webrtc;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A generated test picture in I420: a horizontal luma gradient around {@code baseLuma} in one
 * colour ({@code chromaU}, {@code chromaV}), a bright bar that moves a step each frame, a row of
 * blocks along the top that spells the frame number in binary, and a patch of fresh noise in the
 * bottom-right corner (so that the encoder has detail to spend bits on, like a camera's sensor noise).
 * Pictures with different base levels can be told apart by a remote receiver from the mean luma alone.
 */
record SyntheticPicture(int baseLuma, int chromaU, int chromaV) implements FramePainter {

    /** The blue-ish picture of the first synthetic camera (mean luma about 110). */
    static final SyntheticPicture CAMERA_1 = new SyntheticPicture(100, 170, 110);
    /** The orange picture of the second synthetic camera (mean luma about 185). */
    static final SyntheticPicture CAMERA_2 = new SyntheticPicture(180, 80, 180);
    /** The light grey picture of the synthetic screen. */
    static final SyntheticPicture SCREEN = new SyntheticPicture(200, 128, 128);

    static final int COUNTER_BITS = 16;
    private static final int BRIGHT = 235;
    private static final int DARK = 16;
    private static final int GRADIENT_SPAN = 48;
    private static final int NOISE_SPAN = 64;

    SyntheticPicture {
        check("baseLuma", baseLuma);
        check("chromaU", chromaU);
        check("chromaV", chromaV);
    }

    private static void check(String name, int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException(name + " must be 0..255: " + value);
    }

    @Override
    public void paint(long frame, int width, int height,
               ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {
        byte[] row = lumaRow(frame, width);
        for (int r = 0; r < height; r++) {
            y.put(r * strideY, row);
        }
        paintCounter(frame, width, height, y, strideY);
        paintNoise(frame, width, height, y, strideY);

        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        byte[] uRow = filled(chromaWidth, chromaU);
        byte[] vRow = filled(chromaWidth, chromaV);
        for (int r = 0; r < chromaHeight; r++) {
            u.put(r * strideU, uRow);
            v.put(r * strideV, vRow);
        }
    }

    private byte[] lumaRow(long frame, int width) {
        byte[] row = new byte[width];
        for (int x = 0; x < width; x++) {
            row[x] = (byte) clamp(baseLuma - GRADIENT_SPAN / 2 + GRADIENT_SPAN * x / width);
        }
        int barWidth = Math.max(2, width / 20);
        int step = Math.max(1, width / 60);
        int barStart = (int) ((frame * step) % width);
        for (int x = barStart; x < Math.min(width, barStart + barWidth); x++) {
            row[x] = (byte) BRIGHT;
        }
        return row;
    }

    /** Blocks of {@code width / 40} pixels, most significant bit first, half a block from the top-left corner. */
    private static void paintCounter(long frame, int width, int height, ByteBuffer y, int strideY) {
        int block = Math.max(2, width / 40);
        int top = block / 2;
        if (top + block > height || block / 2 + COUNTER_BITS * block > width) return;
        for (int bit = 0; bit < COUNTER_BITS; bit++) {
            boolean on = ((frame >> (COUNTER_BITS - 1 - bit)) & 1) != 0;
            byte[] blockRow = filled(block, on ? BRIGHT : DARK);
            int left = block / 2 + bit * block;
            for (int r = top; r < top + block; r++) {
                y.put(r * strideY + left, blockRow);
            }
        }
    }

    /** A quarter of the width and height, luma {@code baseLuma} +/- {@value #NOISE_SPAN} / 2, new every frame. */
    private void paintNoise(long frame, int width, int height, ByteBuffer y, int strideY) {
        int patchWidth = width / 4;
        int patchHeight = height / 4;
        byte[] row = new byte[patchWidth];
        long state = frame * 0x9E3779B97F4A7C15L + 1;
        for (int r = height - patchHeight; r < height; r++) {
            for (int x = 0; x < patchWidth; x++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                row[x] = (byte) clamp(baseLuma - NOISE_SPAN / 2 + (int) ((state >>> 33) % NOISE_SPAN));
            }
            y.put(r * strideY + width - patchWidth, row);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static int clamp(int luma) {
        return Math.max(DARK, Math.min(BRIGHT, luma));
    }
}
