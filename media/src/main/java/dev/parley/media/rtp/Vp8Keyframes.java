package dev.parley.media.rtp;

/**
 * VP8 keyframe starts (RFC 7741): the first packet of a frame (S = 1, partition 0) whose VP8 payload header has
 * the inverse key frame flag P clear (§4.3).
 *
 * <pre>
 * Payload descriptor (§4.2):           VP8 payload header (§4.3), first bytes of partition 0:
 *       0 1 2 3 4 5 6 7                       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID |                     |Size0|H| VER |P|
 *      +-+-+-+-+-+-+-+-+                     +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   |
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   |   (a second byte when M = 1)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   |
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  |
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Vp8Keyframes implements KeyframeDetector {

    static final Vp8Keyframes INSTANCE = new Vp8Keyframes();

    private Vp8Keyframes() {
    }

    @Override
    public boolean isKeyframeStart(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int first = buf[off];
        boolean startOfPartition = (first & 0x10) != 0;
        if (!startOfPartition || (first & 0x0F) != 0) {
            return false;
        }
        int pos = off + 1;
        int end = off + len;
        if ((first & 0x80) != 0) {
            if (pos >= end) {
                return false;
            }
            int extension = buf[pos++];
            if ((extension & 0x80) != 0) {
                if (pos >= end) {
                    return false;
                }
                pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
            }
            if ((extension & 0x40) != 0) {
                pos++;
            }
            if ((extension & 0x30) != 0) {
                pos++;
            }
        }
        return pos < end && (buf[pos] & 0x01) == 0;
    }
}
