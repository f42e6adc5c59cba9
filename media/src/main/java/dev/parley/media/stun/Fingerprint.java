package dev.parley.media.stun;

/**
 * The FINGERPRINT attribute (RFC 8489 §14.7): CRC-32 of the message up to the attribute, with the
 * header's length already counting the attribute, XOR 0x5354554e. It tells STUN apart from other
 * protocols sharing the port.
 *
 * <p>The CRC-32 (ISO-HDLC, as {@link java.util.zip.CRC32} computes it) runs here over a table, on the caller's
 * bytes: a STUN message is short, and {@code CRC32} is an object per message, on the media loop, which allocates
 * nothing per packet.
 */
final class Fingerprint {

    static final int XOR = 0x5354554e;
    /** FINGERPRINT's size on the wire: 4 bytes of header, 4 of value. */
    static final int ATTRIBUTE_LENGTH = 8;
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Fingerprint() {
    }

    /**
     * The fingerprint of the message starting at {@code off} whose FINGERPRINT attribute starts
     * {@code lengthBefore} bytes in; the header's length field is taken as covering the attribute.
     */
    static int compute(byte[] buf, int off, int lengthBefore) {
        int coveredLength = lengthBefore + ATTRIBUTE_LENGTH - StunMessage.HEADER_LENGTH;
        int crc = update(~0, buf[off]);
        crc = update(crc, buf[off + 1]);
        crc = update(crc, (byte) (coveredLength >>> 8));
        crc = update(crc, (byte) coveredLength);
        for (int i = off + 4; i < off + lengthBefore; i++) {
            crc = update(crc, buf[i]);
        }
        return ~crc ^ XOR;
    }

    private static int update(int crc, byte b) {
        return TABLE[(crc ^ b) & 0xFF] ^ (crc >>> 8);
    }
}
