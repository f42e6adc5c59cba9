package dev.parley.media.rtp;

/**
 * The absolute send time extension (webrtc.org "abs-send-time"): the 24 low bits of the send time in seconds
 * as 6.18 fixed point, which receive-side bandwidth estimation reads. A forwarder writes its own send time,
 * since the original sender's tells nothing about the forwarder's link.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | len=2 |              absolute send time               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class AbsSendTime {

    public static final int LENGTH = 3;

    private AbsSendTime() {
    }

    /** Writes {@code nanos} (any monotonic origin: only differences matter) at {@code off}. */
    public static void write(byte[] buf, int off, long nanos) {
        // 2^18 units per second, 64 seconds before the 24 bits wrap.
        long seconds = nanos / 1_000_000_000L;
        long fraction = ((nanos % 1_000_000_000L) << 18) / 1_000_000_000L;
        BigEndian.put24(buf, off, (int) ((seconds << 18) + fraction) & 0xFF_FFFF);
    }

    /** The 24-bit value at {@code off}. */
    public static int read(byte[] buf, int off) {
        return BigEndian.u24(buf, off);
    }
}
