package dev.parley.media.rtp;

/** Bit fields packed most significant bit first into bytes, zero padded: how tests write bit-oriented headers. */
public final class BitWriter {

    private BitWriter() {
    }

    /** {@code fields}: pairs of (value, width in bits). */
    public static byte[] bits(int... fields) {
        int total = 0;
        for (int i = 1; i < fields.length; i += 2) {
            total += fields[i];
        }
        byte[] out = new byte[(total + 7) / 8];
        int pos = 0;
        for (int i = 0; i < fields.length; i += 2) {
            for (int bit = fields[i + 1] - 1; bit >= 0; bit--) {
                if (((fields[i] >> bit) & 1) != 0) {
                    out[pos >>> 3] |= (byte) (0x80 >>> (pos & 7));
                }
                pos++;
            }
        }
        return out;
    }
}
