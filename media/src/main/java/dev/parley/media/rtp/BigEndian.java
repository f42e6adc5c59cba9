package dev.parley.media.rtp;

/**
 * Network byte order reads and writes on a byte array, the one primitive every RTP and RTCP view is built on.
 * Callers check bounds first: these methods trust their offsets. The array stays the caller's.
 */
public final class BigEndian {

    private BigEndian() {
    }

    public static int u8(byte[] buf, int off) {
        return buf[off] & 0xFF;
    }

    public static int u16(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 8 | buf[off + 1] & 0xFF;
    }

    public static int u24(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 16 | (buf[off + 1] & 0xFF) << 8 | buf[off + 2] & 0xFF;
    }

    /** The 32 bits as an int: SSRCs and timestamps are compared and stored as ints, their sign meaningless. */
    public static int i32(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 24 | (buf[off + 1] & 0xFF) << 16 | (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
    }

    /** The 32 bits as an unsigned value. */
    public static long u32(byte[] buf, int off) {
        return i32(buf, off) & 0xFFFF_FFFFL;
    }

    public static void put8(byte[] buf, int off, int value) {
        buf[off] = (byte) value;
    }

    public static void put16(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 8);
        buf[off + 1] = (byte) value;
    }

    public static void put24(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 16);
        buf[off + 1] = (byte) (value >>> 8);
        buf[off + 2] = (byte) value;
    }

    public static void put32(byte[] buf, int off, long value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }
}
