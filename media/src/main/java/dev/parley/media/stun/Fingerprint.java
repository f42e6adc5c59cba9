package dev.parley.media.stun;

import java.util.zip.CRC32;

/**
 * The FINGERPRINT attribute (RFC 8489 §14.7): CRC-32 of the message up to the attribute, with the
 * header's length already counting the attribute, XOR 0x5354554e. It tells STUN apart from other
 * protocols sharing the port.
 */
final class Fingerprint {

    static final int XOR = 0x5354554e;
    /** FINGERPRINT's size on the wire: 4 bytes of header, 4 of value. */
    static final int ATTRIBUTE_LENGTH = 8;

    private Fingerprint() {
    }

    /**
     * The fingerprint of the message starting at {@code off} whose FINGERPRINT attribute starts
     * {@code lengthBefore} bytes in; the header's length field is taken as covering the attribute.
     */
    static int compute(byte[] buf, int off, int lengthBefore) {
        CRC32 crc = new CRC32();
        crc.update(buf, off, 2);
        int coveredLength = lengthBefore + ATTRIBUTE_LENGTH - StunMessage.HEADER_LENGTH;
        crc.update(coveredLength >>> 8);
        crc.update(coveredLength);
        crc.update(buf, off + 4, lengthBefore - 4);
        return (int) crc.getValue() ^ XOR;
    }
}
