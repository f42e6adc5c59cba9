package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * A sender report (RFC 3550 §6.4.1), read in place after {@link #wrap}.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |                 report blocks (ReportBlock), RC of them       |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>The NTP timestamp (RFC 3550 §4) and the RTP timestamp name the same instant: that pairing lets receivers
 * synchronize a sender's audio and video. Reusable view; it never owns the array. Not thread-safe.
 */
public final class SenderReport {

    public static final int LENGTH_WITHOUT_BLOCKS = 28;

    private byte[] buf;
    private int off;

    /** Points the view at one SR of {@code len} bytes (padding excluded); false if it is not a well-formed SR. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < LENGTH_WITHOUT_BLOCKS || RtcpHeader.packetType(buf, off) != RtcpHeader.SR
                || LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH * RtcpHeader.countOrFormat(buf, off) > len) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        return true;
    }

    public int senderSsrc() {
        return BigEndian.i32(buf, off + 4);
    }

    /** The 64-bit NTP timestamp: seconds since 1900 in the high 32 bits, the fraction in the low 32. */
    public long ntpTimestamp() {
        return BigEndian.u32(buf, off + 8) << 32 | BigEndian.u32(buf, off + 12);
    }

    public int rtpTimestamp() {
        return BigEndian.i32(buf, off + 16);
    }

    public long packetCount() {
        return BigEndian.u32(buf, off + 20);
    }

    public long octetCount() {
        return BigEndian.u32(buf, off + 24);
    }

    public int reportBlockCount() {
        return RtcpHeader.countOrFormat(buf, off);
    }

    /** Offset of report block {@code index}, read with {@link ReportBlock}. */
    public int reportBlockOffset(int index) {
        return off + LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH * index;
    }

    /** The NTP timestamp's middle 32 bits, which a report block echoes as LSR (RFC 3550 §6.4.1). */
    public static long compactNtp(long ntpTimestamp) {
        return ntpTimestamp >>> 16 & 0xFFFF_FFFFL;
    }

    /** Writes an SR without report blocks at {@code off} and returns its length. */
    public static int write(byte[] buf, int off, int senderSsrc, long ntpTimestamp, int rtpTimestamp,
            long packetCount, long octetCount) {
        RtcpHeader.write(buf, off, 0, RtcpHeader.SR, LENGTH_WITHOUT_BLOCKS);
        BigEndian.put32(buf, off + 4, senderSsrc);
        BigEndian.put32(buf, off + 8, ntpTimestamp >>> 32);
        BigEndian.put32(buf, off + 12, ntpTimestamp);
        BigEndian.put32(buf, off + 16, rtpTimestamp);
        BigEndian.put32(buf, off + 20, packetCount);
        BigEndian.put32(buf, off + 24, octetCount);
        return LENGTH_WITHOUT_BLOCKS;
    }
}
