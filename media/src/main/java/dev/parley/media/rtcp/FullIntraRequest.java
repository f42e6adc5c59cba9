package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Full intra request (RFC 5104 §4.3.1): PSFB with FMT 4; the SSRC of media source is unused (0) and each FCI
 * entry names a sender that must send a decoder refresh point, with a command sequence number that lets the
 * sender tell a repeated request from a new one (§4.3.1.2).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=4  |    PT=206     |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              SSRC                             |   (one or more)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reusable view; it never owns the array. Not thread-safe.
 */
public final class FullIntraRequest {

    public static final int ENTRY_LENGTH = 8;
    public static final int LENGTH_ONE_ENTRY = RtcpFeedback.HEADER_LENGTH + ENTRY_LENGTH;

    private byte[] buf;
    private int off;
    private int entries;

    /** Points the view at one FIR of {@code len} bytes (padding excluded); false without any FCI entry. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < LENGTH_ONE_ENTRY || RtcpHeader.packetType(buf, off) != RtcpHeader.PSFB
                || RtcpHeader.countOrFormat(buf, off) != RtcpFeedback.FMT_FIR) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.entries = (len - RtcpFeedback.HEADER_LENGTH) / ENTRY_LENGTH;
        return true;
    }

    public int senderSsrc() {
        return RtcpFeedback.senderSsrc(buf, off);
    }

    public int entryCount() {
        return entries;
    }

    /** The SSRC of the sender entry {@code entry} asks for a refresh. */
    public int ssrc(int entry) {
        return BigEndian.i32(buf, off + RtcpFeedback.HEADER_LENGTH + ENTRY_LENGTH * entry);
    }

    public int sequenceNumber(int entry) {
        return buf[off + RtcpFeedback.HEADER_LENGTH + ENTRY_LENGTH * entry + 4] & 0xFF;
    }

    /** Writes a FIR with one entry and returns its length. */
    public static int write(byte[] buf, int off, int senderSsrc, int mediaSsrc, int sequenceNumber) {
        RtcpFeedback.writeHeader(buf, off, RtcpFeedback.FMT_FIR, RtcpHeader.PSFB, LENGTH_ONE_ENTRY, senderSsrc, 0);
        int entry = off + RtcpFeedback.HEADER_LENGTH;
        BigEndian.put32(buf, entry, mediaSsrc);
        BigEndian.put32(buf, entry + 4, (sequenceNumber & 0xFFL) << 24);
        return LENGTH_ONE_ENTRY;
    }
}
