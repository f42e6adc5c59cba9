package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * The common part of RTCP feedback messages (RFC 4585 §6.1) and the message types Parley reads and writes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   FMT   |       PT      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class RtcpFeedback {

    public static final int HEADER_LENGTH = 12;

    /** RTPFB: generic NACK (RFC 4585 §6.2.1). */
    public static final int FMT_NACK = 1;
    /** RTPFB: transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB: picture loss indication (RFC 4585 §6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB: full intra request (RFC 5104 §4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB: application layer feedback (RFC 4585 §6.4), which carries REMB. */
    public static final int FMT_AFB = 15;

    private RtcpFeedback() {
    }

    public static int senderSsrc(byte[] buf, int off) {
        return BigEndian.i32(buf, off + 4);
    }

    public static int mediaSsrc(byte[] buf, int off) {
        return BigEndian.i32(buf, off + 8);
    }

    static void writeHeader(byte[] buf, int off, int format, int packetType, int length, int senderSsrc,
            int mediaSsrc) {
        RtcpHeader.write(buf, off, format, packetType, length);
        BigEndian.put32(buf, off + 4, senderSsrc);
        BigEndian.put32(buf, off + 8, mediaSsrc);
    }
}
