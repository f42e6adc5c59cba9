package dev.parley.media.rtp;

/**
 * Writes an RTP header extension block in one of the RFC 8285 forms (diagrams in {@link HeaderExtensions}):
 * {@link #start}, then {@link #add} or {@link #reserve} per element, then {@link #finish}, which pads the block
 * with zero bytes to a multiple of 32 bits (§4.1) and fills in its length.
 *
 * <p>The one-byte form takes ids 1-14 with 1 to 16 bytes of data; the two-byte form ids 1-255 with 0 to 255 bytes
 * (§4.3; mixing both in one stream needs {@code a=extmap-allow-mixed}, RFC 8285 §6). The writer does not own
 * the array it writes into; the caller sizes it. Reusable; not thread-safe.
 */
public final class HeaderExtensionWriter {

    private byte[] buf;
    private int start;
    private int pos;
    private boolean twoByte;
    private int elements;

    /** Whether an element with {@code id} and {@code length} bytes of data fits the one-byte form. */
    public static boolean fitsOneByte(int id, int length) {
        return id >= 1 && id <= 14 && length >= 1 && length <= 16;
    }

    /** Starts a block at {@code off} of {@code buf}; its 4-byte header is written by {@link #finish}. */
    public void start(byte[] buf, int off, boolean twoByte) {
        this.buf = buf;
        this.start = off;
        this.pos = off + 4;
        this.twoByte = twoByte;
        this.elements = 0;
    }

    /** Copies an element's data from {@code src}. */
    public void add(int id, byte[] src, int srcOff, int length) {
        System.arraycopy(src, srcOff, buf, reserve(id, length), length);
    }

    /**
     * Writes an element's header and returns the offset where its {@code length} bytes of data go, for the caller
     * to fill. Throws {@link IllegalArgumentException} when the form cannot carry the id or length.
     */
    public int reserve(int id, int length) {
        if (twoByte) {
            if (id < 1 || id > 255 || length < 0 || length > 255) {
                throw new IllegalArgumentException("two-byte header extension: id 1-255, length 0-255");
            }
            buf[pos++] = (byte) id;
            buf[pos++] = (byte) length;
        } else {
            if (!fitsOneByte(id, length)) {
                throw new IllegalArgumentException("one-byte header extension: id 1-14, length 1-16");
            }
            buf[pos++] = (byte) (id << 4 | length - 1);
        }
        elements++;
        int data = pos;
        pos += length;
        return data;
    }

    /** Elements written since {@link #start}. */
    public int elements() {
        return elements;
    }

    /** Pads, writes the block's header and returns the block's total length in bytes, header included. */
    public int finish() {
        while ((pos - start) % 4 != 0) {
            buf[pos++] = 0;
        }
        BigEndian.put16(buf, start, twoByte ? RtpPacket.TWO_BYTE_PROFILE : RtpPacket.ONE_BYTE_PROFILE);
        BigEndian.put16(buf, start + 2, (pos - start - 4) / 4);
        return pos - start;
    }
}
