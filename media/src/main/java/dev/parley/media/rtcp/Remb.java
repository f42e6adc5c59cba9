package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB application layer feedback
 * (FMT 15) with the identifier "REMB"; the bitrate, in bits per second, is mantissa × 2^exponent and applies to
 * the listed SSRCs together. A receiver (or a server capping a sender) tells the sender not to exceed it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   SSRC feedback                                               |   (Num SSRC of them)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reusable view; it never owns the array. Not thread-safe.
 */
public final class Remb {

    public static final int LENGTH_WITHOUT_SSRCS = 20;
    private static final int IDENTIFIER = 'R' << 24 | 'E' << 16 | 'M' << 8 | 'B';
    private static final int MAX_MANTISSA = (1 << 18) - 1;

    private byte[] buf;
    private int off;

    /** Points the view at a PSFB packet of {@code len} bytes (padding excluded); false if it is not a REMB. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < LENGTH_WITHOUT_SSRCS || RtcpHeader.packetType(buf, off) != RtcpHeader.PSFB
                || RtcpHeader.countOrFormat(buf, off) != RtcpFeedback.FMT_AFB
                || BigEndian.i32(buf, off + 12) != IDENTIFIER
                || LENGTH_WITHOUT_SSRCS + 4 * (buf[off + 16] & 0xFF) > len) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        return true;
    }

    public int senderSsrc() {
        return RtcpFeedback.senderSsrc(buf, off);
    }

    /** The bitrate in bits per second; {@link Long#MAX_VALUE} when the exponent takes it past 63 bits. */
    public long bitrate() {
        int exponent = (buf[off + 17] & 0xFF) >>> 2;
        long mantissa = (buf[off + 17] & 0x03L) << 16 | BigEndian.u16(buf, off + 18);
        return exponent > Long.numberOfLeadingZeros(mantissa) - 1 ? Long.MAX_VALUE : mantissa << exponent;
    }

    public int ssrcCount() {
        return buf[off + 16] & 0xFF;
    }

    public int ssrc(int index) {
        return BigEndian.i32(buf, off + LENGTH_WITHOUT_SSRCS + 4 * index);
    }

    /** Writes a REMB for {@code count} SSRCs (at most 255) and returns its length; the bitrate is rounded down. */
    public static int write(byte[] buf, int off, int senderSsrc, long bitrate, int[] ssrcs, int count) {
        if (bitrate < 0 || count < 0 || count > 255) {
            throw new IllegalArgumentException("a REMB carries a bitrate >= 0 and at most 255 SSRCs");
        }
        int exponent = 0;
        while (bitrate >>> exponent > MAX_MANTISSA) {
            exponent++;
        }
        int length = LENGTH_WITHOUT_SSRCS + 4 * count;
        RtcpFeedback.writeHeader(buf, off, RtcpFeedback.FMT_AFB, RtcpHeader.PSFB, length, senderSsrc, 0);
        BigEndian.put32(buf, off + 12, IDENTIFIER);
        buf[off + 16] = (byte) count;
        BigEndian.put24(buf, off + 17, exponent << 18 | (int) (bitrate >>> exponent));
        for (int i = 0; i < count; i++) {
            BigEndian.put32(buf, off + LENGTH_WITHOUT_SSRCS + 4 * i, ssrcs[i]);
        }
        return length;
    }
}
