package dev.parley.media.rtp;

/**
 * A view of a VP8 RTP payload descriptor (RFC 7741 §4.2), for what a forwarder reads and rewrites in it: the frame
 * start, the temporal layer (TID, with its layer sync bit Y) and where the picture id and TL0PICIDX sit, so that a
 * subscriber switched between simulcast layers sees one continuous series of both. Reused, never owning the array.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID |
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   |
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   |   (a second byte when M = 1: 15 bits)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   |
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  |
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vp8PayloadDescriptor {

    private byte[] buf;
    private boolean startOfFrame;
    private int pictureIdOffset;
    private boolean longPictureId;
    private int tl0PicIdxOffset;
    private int temporalLayer;
    private boolean layerSync;

    /** Reads the descriptor at the start of the payload; false when it is truncated. Never throws. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        pictureIdOffset = -1;
        tl0PicIdxOffset = -1;
        temporalLayer = -1;
        layerSync = false;
        if (len < 1) {
            return false;
        }
        int first = buf[off];
        startOfFrame = (first & 0x10) != 0 && (first & 0x0F) == 0;
        if ((first & 0x80) == 0) {
            return true;
        }
        int pos = off + 1;
        int end = off + len;
        if (pos >= end) {
            return false;
        }
        int extension = buf[pos++];
        if ((extension & 0x80) != 0) {
            if (pos >= end) {
                return false;
            }
            pictureIdOffset = pos;
            longPictureId = (buf[pos] & 0x80) != 0;
            pos += longPictureId ? 2 : 1;
        }
        if ((extension & 0x40) != 0) {
            if (pos >= end) {
                return false;
            }
            tl0PicIdxOffset = pos++;
        }
        if ((extension & 0x30) != 0) {
            if (pos >= end) {
                return false;
            }
            if ((extension & 0x20) != 0) {
                temporalLayer = (buf[pos] >> 6) & 0x03;
                layerSync = (buf[pos] & 0x20) != 0;
            }
            pos++;
        }
        return pos <= end;
    }

    /** S = 1 and PID = 0: the packet begins a frame. */
    public boolean startOfFrame() {
        return startOfFrame;
    }

    public boolean hasPictureId() {
        return pictureIdOffset >= 0;
    }

    /** Whether the picture id has 15 bits (M = 1) rather than 7. */
    public boolean longPictureId() {
        return longPictureId;
    }

    public int pictureId() {
        return longPictureId ? BigEndian.u16(buf, pictureIdOffset) & 0x7FFF : buf[pictureIdOffset] & 0x7F;
    }

    /** Where the picture id sits in the array, or -1. */
    public int pictureIdOffset() {
        return pictureIdOffset;
    }

    public boolean hasTl0PicIdx() {
        return tl0PicIdxOffset >= 0;
    }

    public int tl0PicIdx() {
        return buf[tl0PicIdxOffset] & 0xFF;
    }

    /** Where TL0PICIDX sits in the array, or -1. */
    public int tl0PicIdxOffset() {
        return tl0PicIdxOffset;
    }

    /** TID, or -1 when the packet carries none (T = 0). */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** Y: the frame depends only on the base layer, so a receiver may start taking its temporal layer here. */
    public boolean layerSync() {
        return layerSync;
    }

    /** Writes a picture id at {@code offset} in the width ({@code longForm}: 15 bits) found there. */
    public static void writePictureId(byte[] buf, int offset, boolean longForm, int pictureId) {
        if (longForm) {
            BigEndian.put16(buf, offset, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buf[offset] = (byte) (pictureId & 0x7F);
        }
    }
}
