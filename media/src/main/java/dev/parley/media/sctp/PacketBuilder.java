package dev.parley.media.sctp;

/**
 * Writes one outgoing packet at a time into an array the association owns: the common header, chunks padded to
 * four bytes, and the CRC32c last.
 */
final class PacketBuilder {

    private final byte[] buf;
    private int length;
    private int chunkStart = -1;

    PacketBuilder(int maxPacketSize) {
        this.buf = new byte[maxPacketSize];
    }

    void start(int sourcePort, int destinationPort, long verificationTag) {
        length = 0;
        u16(sourcePort);
        u16(destinationPort);
        u32(verificationTag);
        u32(0);
    }

    boolean isEmpty() {
        return length == SctpPacket.HEADER;
    }

    /** Bytes left for more chunks (each needs four header bytes besides its value and up to three of padding). */
    int remaining() {
        return buf.length - length;
    }

    void beginChunk(int type, int flags) {
        chunkStart = length;
        u8(type);
        u8(flags);
        u16(0);
    }

    void endChunk() {
        int chunkLength = length - chunkStart;
        buf[chunkStart + 2] = (byte) (chunkLength >>> 8);
        buf[chunkStart + 3] = (byte) chunkLength;
        while ((length & 3) != 0) {
            buf[length++] = 0;
        }
        chunkStart = -1;
    }

    void u8(int value) {
        buf[length++] = (byte) value;
    }

    void u16(int value) {
        buf[length++] = (byte) (value >>> 8);
        buf[length++] = (byte) value;
    }

    void u32(long value) {
        u16((int) (value >>> 16) & 0xffff);
        u16((int) value & 0xffff);
    }

    void bytes(byte[] src, int off, int len) {
        System.arraycopy(src, off, buf, length, len);
        length += len;
    }

    /** A copy of the chunks written so far (for a chunk to send again on a timer). */
    byte[] chunks() {
        byte[] copy = new byte[length - SctpPacket.HEADER];
        System.arraycopy(buf, SctpPacket.HEADER, copy, 0, copy.length);
        return copy;
    }

    /** Writes the checksum and hands the packet to {@code out}. */
    void send(SctpOutput out) {
        long crc = SctpPacket.checksum(buf, 0, length);
        buf[8] = (byte) crc;
        buf[9] = (byte) (crc >>> 8);
        buf[10] = (byte) (crc >>> 16);
        buf[11] = (byte) (crc >>> 24);
        out.send(buf, 0, length);
    }
}
