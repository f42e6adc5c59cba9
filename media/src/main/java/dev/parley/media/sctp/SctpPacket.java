package dev.parley.media.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** A received SCTP packet (RFC 9260 §3): the common header, checked by its CRC32c (Appendix A), and its chunks. */
record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<Chunk> chunks) {

    static final int HEADER = 12;
    /** More chunks than this in one packet is not a data channel peer's doing. */
    static final int MAX_CHUNKS = 256;

    /** The packet, or null when it is too short, its checksum is wrong or a chunk length is out of bounds. */
    static SctpPacket parse(byte[] buf, int off, int len) {
        if (len < HEADER + 4 || off < 0 || off + len > buf.length) {
            return null;
        }
        long stated = (buf[off + 8] & 0xffL) | (buf[off + 9] & 0xffL) << 8 | (buf[off + 10] & 0xffL) << 16
                | (buf[off + 11] & 0xffL) << 24;
        if (stated != checksum(buf, off, len)) {
            return null;
        }
        List<Chunk> chunks = new ArrayList<>();
        int at = off + HEADER;
        int end = off + len;
        while (at + 4 <= end) {
            int chunkLength = ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
            if (chunkLength < 4 || at + chunkLength > end || chunks.size() == MAX_CHUNKS) {
                return null;
            }
            chunks.add(new Chunk(buf[at] & 0xff, buf[at + 1] & 0xff, buf, at + 4, chunkLength - 4));
            at += (chunkLength + 3) & ~3;
        }
        if (chunks.isEmpty()) {
            return null;
        }
        return new SctpPacket(u16(buf, off), u16(buf, off + 2), u32(buf, off + 4), List.copyOf(chunks));
    }

    /** CRC32c over the packet with its checksum field taken as zero; it goes on the wire least significant byte first. */
    static long checksum(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + HEADER, len - HEADER);
        return crc.getValue();
    }

    private static final byte[] ZEROS = new byte[4];

    private static int u16(byte[] buf, int at) {
        return ((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff);
    }

    private static long u32(byte[] buf, int at) {
        return ((long) u16(buf, at) << 16) | u16(buf, at + 2);
    }
}
