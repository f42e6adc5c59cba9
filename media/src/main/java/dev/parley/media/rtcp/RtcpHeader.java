package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * The header every RTCP packet starts with (RFC 3550 §6.4.1), its packet types, and the RTP/RTCP
 * demultiplexing rule for rtcp-mux.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code length} counts 32-bit words minus one, header included. The 5-bit field is a report or source count
 * for SR, RR, SDES and BYE, and the feedback message type (FMT, RFC 4585 §6.1) for RTPFB and PSFB.
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class RtcpHeader {

    public static final int LENGTH = 4;

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** RFC 4585 §6.1: transport layer feedback (generic NACK, transport-cc). */
    public static final int RTPFB = 205;
    /** RFC 4585 §6.1: payload-specific feedback (PLI, FIR, REMB). */
    public static final int PSFB = 206;

    private RtcpHeader() {
    }

    /** The count or FMT field of the packet at {@code off}. */
    public static int countOrFormat(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** The packet's total length in bytes from its length field. */
    public static int packetLength(byte[] buf, int off) {
        return 4 * (BigEndian.u16(buf, off + 2) + 1);
    }

    /** Writes a header for a packet of {@code length} bytes, a multiple of 4, without padding. */
    public static void write(byte[] buf, int off, int countOrFormat, int packetType, int length) {
        buf[off] = (byte) (0x80 | countOrFormat & 0x1F);
        buf[off + 1] = (byte) packetType;
        BigEndian.put16(buf, off + 2, length / 4 - 1);
    }

    /**
     * Whether a packet on an rtcp-mux transport is RTCP rather than RTP (RFC 5761 §4): its second byte, RTP's
     * marker and payload type, falls in 192-223, the range of RTCP packet types (SR to PSFB and beyond).
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = buf[off + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }
}
