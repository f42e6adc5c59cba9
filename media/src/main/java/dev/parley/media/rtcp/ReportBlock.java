package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * A reception report block (RFC 3550 §6.4.1), 24 bytes inside an SR or RR, read and written at an offset.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class ReportBlock {

    public static final int LENGTH = 24;
    /** RFC 3550 §6.1: the 5-bit count field allows at most 31 blocks per packet. */
    public static final int MAX_PER_PACKET = 31;

    private ReportBlock() {
    }

    public static int ssrc(byte[] buf, int off) {
        return BigEndian.i32(buf, off);
    }

    /** The fraction of packets lost since the previous report, in 1/256. */
    public static int fractionLost(byte[] buf, int off) {
        return buf[off + 4] & 0xFF;
    }

    /** Cumulative packets lost, a signed 24-bit value (duplicates can make it negative). */
    public static int cumulativeLost(byte[] buf, int off) {
        return BigEndian.u24(buf, off + 5) << 8 >> 8;
    }

    public static long extendedHighestSequenceNumber(byte[] buf, int off) {
        return BigEndian.u32(buf, off + 8);
    }

    /** Interarrival jitter in RTP timestamp units (RFC 3550 A.8). */
    public static long jitter(byte[] buf, int off) {
        return BigEndian.u32(buf, off + 12);
    }

    /** The middle 32 bits of the NTP timestamp of the last SR received from this source; 0 if none. */
    public static long lastSenderReport(byte[] buf, int off) {
        return BigEndian.u32(buf, off + 16);
    }

    /** Delay between receiving that SR and sending this block, in 1/65536 seconds. */
    public static long delaySinceLastSenderReport(byte[] buf, int off) {
        return BigEndian.u32(buf, off + 20);
    }

    /**
     * Writes one block at {@code off}; {@code cumulativeLost} is clamped to the signed 24-bit range (RFC 3550
     * §6.4.1).
     */
    public static void write(byte[] buf, int off, int ssrc, int fractionLost, int cumulativeLost,
            long extendedHighestSequenceNumber, long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
        BigEndian.put32(buf, off, ssrc);
        buf[off + 4] = (byte) fractionLost;
        BigEndian.put24(buf, off + 5, Math.clamp(cumulativeLost, -0x80_0000, 0x7F_FFFF));
        BigEndian.put32(buf, off + 8, extendedHighestSequenceNumber);
        BigEndian.put32(buf, off + 12, jitter);
        BigEndian.put32(buf, off + 16, lastSenderReport);
        BigEndian.put32(buf, off + 20, delaySinceLastSenderReport);
    }
}
