package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * A receiver report (RFC 3550 §6.4.2), read in place after {@link #wrap}.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |                 report blocks (ReportBlock), RC of them       |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * Reusable view; it never owns the array. Not thread-safe.
 */
public final class ReceiverReport {

    public static final int LENGTH_WITHOUT_BLOCKS = 8;

    private byte[] buf;
    private int off;

    /** Points the view at one RR of {@code len} bytes (padding excluded); false if it is not a well-formed RR. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < LENGTH_WITHOUT_BLOCKS || RtcpHeader.packetType(buf, off) != RtcpHeader.RR
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

    public int reportBlockCount() {
        return RtcpHeader.countOrFormat(buf, off);
    }

    /** Offset of report block {@code index}, read with {@link ReportBlock}. */
    public int reportBlockOffset(int index) {
        return off + LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH * index;
    }

    /**
     * Writes an RR's header and sender SSRC for {@code blockCount} blocks (at most
     * {@link ReportBlock#MAX_PER_PACKET}), which the caller then writes with {@link ReportBlock#write} at
     * {@code off + LENGTH_WITHOUT_BLOCKS + 24 * i}; returns the whole packet's length.
     */
    public static int write(byte[] buf, int off, int senderSsrc, int blockCount) {
        if (blockCount < 0 || blockCount > ReportBlock.MAX_PER_PACKET) {
            throw new IllegalArgumentException("an RR holds 0 to 31 report blocks");
        }
        int length = LENGTH_WITHOUT_BLOCKS + ReportBlock.LENGTH * blockCount;
        RtcpHeader.write(buf, off, blockCount, RtcpHeader.RR, length);
        BigEndian.put32(buf, off + 4, senderSsrc);
        return length;
    }
}
