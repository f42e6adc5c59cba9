package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * A source description packet (RFC 3550 §6.5): per source a chunk of items, of which WebRTC uses CNAME (§6.5.1),
 * the name that ties together the streams of one participant.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |    CNAME=1    |     length    | user and domain name        ...
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        | more items... | 0 (end)       | 0 to 3 more zero bytes to a 32-bit boundary
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_2                          |
 *   2    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reusable view: {@link #wrap} checks every chunk and notes where each CNAME is; it never owns the array. Not
 * thread-safe.
 */
public final class SourceDescription {

    public static final int CNAME = 1;
    /** RFC 3550 §6.5: item text is at most 255 bytes. */
    public static final int MAX_ITEM_LENGTH = 255;

    private final int[] chunkSsrcs = new int[31];
    private final int[] cnameOffsets = new int[31];
    private final int[] cnameLengths = new int[31];
    private byte[] buf;
    private int chunks;

    /** Points the view at one SDES of {@code len} bytes (padding excluded); false if any chunk is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < RtcpHeader.LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.SDES) {
            return false;
        }
        int count = RtcpHeader.countOrFormat(buf, off);
        int pos = off + RtcpHeader.LENGTH;
        int end = off + len;
        for (int chunk = 0; chunk < count; chunk++) {
            if (pos + 4 > end) {
                return false;
            }
            chunkSsrcs[chunk] = BigEndian.i32(buf, pos);
            cnameOffsets[chunk] = -1;
            cnameLengths[chunk] = 0;
            pos += 4;
            while (true) {
                if (pos >= end) {
                    return false;
                }
                int type = buf[pos] & 0xFF;
                if (type == 0) {
                    pos = (pos - off + 4) & ~3;
                    pos += off;
                    break;
                }
                if (pos + 2 > end || pos + 2 + (buf[pos + 1] & 0xFF) > end) {
                    return false;
                }
                int length = buf[pos + 1] & 0xFF;
                if (type == CNAME) {
                    cnameOffsets[chunk] = pos + 2;
                    cnameLengths[chunk] = length;
                }
                pos += 2 + length;
            }
            if (pos > end) {
                return false;
            }
        }
        this.buf = buf;
        this.chunks = count;
        return true;
    }

    public int chunkCount() {
        return chunks;
    }

    public int ssrc(int chunk) {
        return chunkSsrcs[chunk];
    }

    /** Offset of chunk {@code chunk}'s CNAME text in the array, or -1 if it has none. */
    public int cnameOffset(int chunk) {
        return cnameOffsets[chunk];
    }

    public int cnameLength(int chunk) {
        return cnameLengths[chunk];
    }

    public byte[] buffer() {
        return buf;
    }

    /** Writes an SDES with one chunk holding a CNAME (at most 255 bytes) and returns its length. */
    public static int writeCname(byte[] buf, int off, int ssrc, byte[] cname) {
        if (cname.length > MAX_ITEM_LENGTH) {
            throw new IllegalArgumentException("an SDES item holds at most 255 bytes");
        }
        BigEndian.put32(buf, off + 4, ssrc);
        buf[off + 8] = CNAME;
        buf[off + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, buf, off + 10, cname.length);
        int pos = off + 10 + cname.length;
        do {
            buf[pos++] = 0;
        } while ((pos - off) % 4 != 0);
        RtcpHeader.write(buf, off, 1, RtcpHeader.SDES, pos - off);
        return pos - off;
    }
}
