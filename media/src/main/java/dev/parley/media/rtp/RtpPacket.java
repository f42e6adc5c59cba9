package dev.parley.media.rtp;

/**
 * A view over one RTP packet in a byte array (RFC 3550 §5.1); every field is read and written in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |   header extension (X = 1),
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   RFC 3550 §5.3.1, RFC 8285
 * |                        header extension                       |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            payload          ....              |
 * |                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               | padding ...   | padding count |   (P = 1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A view is reused: {@link #wrap} points it at a packet and checks the structure, so that every accessor
 * afterwards stays within bounds. The view never owns the array; whoever passed it to {@link #wrap} keeps owning
 * it, and the view must not be used once that owner reuses the array. Not thread-safe: one view per thread.
 */
public final class RtpPacket {

    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2: the "defined by profile" value of the one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: the upper 12 bits of the two-byte header form's profile; the low 4 bits are app bits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    /**
     * A packet of padding only (RFC 3550 §5.1: version 2, the P bit, {@code padding} bytes whose last one counts
     * them, 1 to 255), with every other header field zero, for a sender to write its own fields over.
     */
    public static byte[] paddingOnly(int padding) {
        if (padding < 1 || padding > 255) {
            throw new IllegalArgumentException("padding must be 1-255 bytes: " + padding);
        }
        byte[] packet = new byte[FIXED_HEADER_LENGTH + padding];
        packet[0] = (byte) 0xA0;
        packet[packet.length - 1] = (byte) padding;
        return packet;
    }

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;

    /**
     * Points this view at {@code len} bytes of {@code buf} from {@code off}. Returns false, leaving the view
     * unusable, when they are not a well-formed RTP packet: shorter than its header, not version 2, CSRCs or
     * extension running past the end, or a padding count of zero or larger than what follows the header.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len || (buf[off] & 0xC0) != 0x80) {
            return false;
        }
        int header = FIXED_HEADER_LENGTH + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return false;
            }
            header += 4 + 4 * BigEndian.u16(buf, off + header + 2);
        }
        if (header > len) {
            return false;
        }
        int padding = 0;
        if ((buf[off] & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || padding > len - header) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = header;
        this.paddingLength = padding;
        return true;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public int csrc(int index) {
        return BigEndian.i32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public void setPayloadType(int payloadType) {
        buf[off + 1] = (byte) (buf[off + 1] & 0x80 | payloadType & 0x7F);
    }

    public int sequenceNumber() {
        return BigEndian.u16(buf, off + 2);
    }

    public void setSequenceNumber(int sequenceNumber) {
        BigEndian.put16(buf, off + 2, sequenceNumber);
    }

    /** The 32-bit timestamp; compare with {@link RtpSequence#timestampDiff}, never with {@code <}. */
    public int timestamp() {
        return BigEndian.i32(buf, off + 4);
    }

    public void setTimestamp(int timestamp) {
        BigEndian.put32(buf, off + 4, timestamp);
    }

    public int ssrc() {
        return BigEndian.i32(buf, off + 8);
    }

    public void setSsrc(int ssrc) {
        BigEndian.put32(buf, off + 8, ssrc);
    }

    /** Offset in {@link #buffer()} of the 4-byte extension header (profile, length); only if {@link #hasExtension}. */
    public int extensionHeaderOffset() {
        return off + FIXED_HEADER_LENGTH + 4 * csrcCount();
    }

    /** The "defined by profile" field: {@link #ONE_BYTE_PROFILE}, two-byte ({@code 0x100x}) or another profile. */
    public int extensionProfile() {
        return BigEndian.u16(buf, extensionHeaderOffset());
    }

    /** Offset in {@link #buffer()} of the extension's data, after its 4-byte header. */
    public int extensionDataOffset() {
        return extensionHeaderOffset() + 4;
    }

    public int extensionDataLength() {
        return hasExtension() ? 4 * BigEndian.u16(buf, extensionHeaderOffset() + 2) : 0;
    }

    /** Header length: fixed part, CSRCs and extension. */
    public int headerLength() {
        return headerLength;
    }

    /** Offset in {@link #buffer()} of the payload. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** The payload's length, padding excluded. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    /** Padding bytes at the end, the count byte included; 0 without padding. */
    public int paddingLength() {
        return paddingLength;
    }
}
