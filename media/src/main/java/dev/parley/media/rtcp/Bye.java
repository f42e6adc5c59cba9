package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Goodbye (RFC 3550 §6.6): the sources named stop sending, with an optional reason.
 *
 * <pre>
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reusable view; it never owns the array. Not thread-safe.
 */
public final class Bye {

    public static final int LENGTH_ONE_SOURCE = 8;

    private byte[] buf;
    private int off;
    private int reasonLength;

    /** Points the view at one BYE of {@code len} bytes (padding excluded); false if it is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.BYE) {
            return false;
        }
        int reason = off + RtcpHeader.LENGTH + 4 * RtcpHeader.countOrFormat(buf, off);
        if (reason > off + len) {
            return false;
        }
        int length = -1;
        if (reason < off + len) {
            length = buf[reason] & 0xFF;
            if (reason + 1 + length > off + len) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.reasonLength = length;
        return true;
    }

    public int sourceCount() {
        return RtcpHeader.countOrFormat(buf, off);
    }

    public int ssrc(int index) {
        return BigEndian.i32(buf, off + RtcpHeader.LENGTH + 4 * index);
    }

    /** Offset of the reason text, valid when {@link #reasonLength} is not -1. */
    public int reasonOffset() {
        return off + RtcpHeader.LENGTH + 4 * sourceCount() + 1;
    }

    /** Length of the reason text; -1 without a reason. */
    public int reasonLength() {
        return reasonLength;
    }

    /** Writes a BYE for one source without a reason and returns its length. */
    public static int write(byte[] buf, int off, int ssrc) {
        RtcpHeader.write(buf, off, 1, RtcpHeader.BYE, LENGTH_ONE_SOURCE);
        BigEndian.put32(buf, off + 4, ssrc);
        return LENGTH_ONE_SOURCE;
    }
}
