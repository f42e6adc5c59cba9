package dev.parley.media.rtp;

/**
 * VP9 keyframe starts (RFC 9628 §4.2): the packet that begins a frame (B = 1) that is not inter-picture
 * predicted (P = 0) in the base spatial layer (SID = 0 when layer indices are present).
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z| (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PICTURE ID  | (a second byte when M = 1)
 *      +-+-+-+-+-+-+-+-+
 * L:   |  TID  |U| SID |D| (one byte: TID 3 bits, U, SID 3 bits, D)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Vp9Keyframes implements KeyframeDetector {

    static final Vp9Keyframes INSTANCE = new Vp9Keyframes();

    private Vp9Keyframes() {
    }

    @Override
    public boolean isKeyframeStart(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int first = buf[off];
        boolean interPicturePredicted = (first & 0x40) != 0;
        boolean startOfFrame = (first & 0x08) != 0;
        if (interPicturePredicted || !startOfFrame) {
            return false;
        }
        int pos = Vp9PayloadDescriptor.layerIndicesOffset(buf, off, len);
        if (pos == Vp9PayloadDescriptor.NO_LAYER_INDICES) {
            return true;
        }
        return pos != Vp9PayloadDescriptor.TRUNCATED && ((buf[pos] >> 1) & 0x07) == 0;
    }
}
