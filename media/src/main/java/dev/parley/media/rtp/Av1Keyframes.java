package dev.parley.media.rtp;

/**
 * AV1 keyframe starts (the AV1 RTP payload specification, §4.4): the aggregation header's N bit marks the first
 * packet of a coded video sequence, which begins with a sequence header and a keyframe; a packet whose first OBU
 * is a complete sequence header (type 1) counts too, for senders that leave N clear.
 *
 * <pre>
 * Aggregation header:        OBU header (AV1 §5.3.1):
 *  0 1 2 3 4 5 6 7            0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|          |F| type  |X|S|-|
 * +-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Z: the first OBU element continues one from the previous packet; W: the number of OBU elements (0: each
 * has a LEB128 length; otherwise all but the last do).
 */
final class Av1Keyframes implements KeyframeDetector {

    static final Av1Keyframes INSTANCE = new Av1Keyframes();

    private static final int OBU_SEQUENCE_HEADER = 1;

    private Av1Keyframes() {
    }

    @Override
    public boolean isKeyframeStart(byte[] buf, int off, int len) {
        if (len < 2) {
            return false;
        }
        int aggregation = buf[off];
        if ((aggregation & 0x08) != 0) {
            return true;
        }
        boolean continuation = (aggregation & 0x80) != 0;
        if (continuation) {
            return false;
        }
        int elements = (aggregation >> 4) & 0x03;
        int pos = off + 1;
        int end = off + len;
        if (elements != 1) {
            // Skip the first element's LEB128 length (at most 8 bytes).
            int i = 0;
            while (pos < end && i < 8 && (buf[pos] & 0x80) != 0) {
                pos++;
                i++;
            }
            pos++;
        }
        return pos < end && ((buf[pos] >> 3) & 0x0F) == OBU_SEQUENCE_HEADER;
    }
}
