package dev.parley.media.rtcp;

/**
 * A cursor over the packets of a compound RTCP packet (RFC 3550 §6.1), checked before anything reads it:
 * {@link #wrap} applies the validity checks of RFC 3550 A.2, then {@link #next} steps through the packets.
 *
 * <pre>
 * +--------+-----------+------+------+-------------+
 * | SR/RR  | more RR   | SDES | BYE  | feedback... |   each packet: header (RtcpHeader), length words
 * +--------+-----------+------+------+-------------+
 * </pre>
 *
 * <p>The first packet is not required to be SR or RR: with reduced-size RTCP (RFC 5506 §3.1), which WebRTC
 * negotiates, a feedback message travels alone. Reusable and allocation-free; the cursor never owns the array.
 * Not thread-safe.
 */
public final class RtcpCompound {

    private byte[] buf;
    private int pos;
    private int end;
    private int packetOffset;
    private int packetLength;

    /**
     * Points the cursor at a compound packet; false when it is malformed: empty, a packet not version 2, a length
     * running past the datagram or not adding up to it exactly, or padding on any packet but the last.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (off < 0 || len < RtcpHeader.LENGTH || off > buf.length - len || len % 4 != 0) {
            return false;
        }
        int end = off + len;
        int pos = off;
        while (pos < end) {
            if (end - pos < RtcpHeader.LENGTH || (buf[pos] & 0xC0) != 0x80) {
                return false;
            }
            int length = RtcpHeader.packetLength(buf, pos);
            if (length > end - pos) {
                return false;
            }
            boolean padded = (buf[pos] & 0x20) != 0;
            if (padded && (pos + length != end || !validPadding(buf, pos, length))) {
                return false;
            }
            pos += length;
        }
        this.buf = buf;
        this.pos = off;
        this.end = end;
        return true;
    }

    private static boolean validPadding(byte[] buf, int off, int length) {
        int padding = buf[off + length - 1] & 0xFF;
        return padding > 0 && padding <= length - RtcpHeader.LENGTH;
    }

    /** Moves to the next packet; false after the last. */
    public boolean next() {
        if (buf == null || pos >= end) {
            return false;
        }
        packetOffset = pos;
        packetLength = RtcpHeader.packetLength(buf, pos);
        pos += packetLength;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current packet. */
    public int offset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes, padding included. */
    public int length() {
        return packetLength;
    }

    /** Length of the current packet without its padding. */
    public int unpaddedLength() {
        return (buf[packetOffset] & 0x20) != 0 ? packetLength - (buf[packetOffset + packetLength - 1] & 0xFF)
                : packetLength;
    }

    public int packetType() {
        return RtcpHeader.packetType(buf, packetOffset);
    }

    public int countOrFormat() {
        return RtcpHeader.countOrFormat(buf, packetOffset);
    }
}
