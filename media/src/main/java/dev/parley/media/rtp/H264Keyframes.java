package dev.parley.media.rtp;

/**
 * H.264 keyframe starts (RFC 6184): a packet carrying a sequence parameter set (type 7) or the start of an IDR
 * slice (type 5), as a single NAL unit (§5.6), inside a STAP-A (§5.7.1) or as the first fragment of an FU-A
 * (§5.8). WebRTC senders put SPS and PPS ahead of each IDR, so the SPS packet is where a receiver can start.
 *
 * <pre>
 * NAL unit header:      STAP-A (type 24):                       FU-A (type 28):
 * +-+-+-+-+-+-+-+-+     +---------------+---------------+       +---------------+---------------+
 * |F|NRI|  Type   |     | STAP-A header | NALU 1 size   |       | FU indicator  |S|E|R|  Type   |
 * +-+-+-+-+-+-+-+-+     +---------------+---------------+       +---------------+---------------+
 *                       | NALU 1 size   | NALU 1 HDR ...|       |   FU payload ...
 *                       +---------------+---------------+
 *                       | NALU 2 size (16 bits) | NALU 2 ...
 * </pre>
 */
final class H264Keyframes implements KeyframeDetector {

    static final H264Keyframes INSTANCE = new H264Keyframes();

    private static final int IDR = 5;
    private static final int SPS = 7;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private H264Keyframes() {
    }

    @Override
    public boolean isKeyframeStart(byte[] buf, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = buf[off] & 0x1F;
        return switch (type) {
            case IDR, SPS -> true;
            case STAP_A -> stapAHasKeyframe(buf, off + 1, off + len);
            case FU_A -> len >= 2 && (buf[off + 1] & 0x80) != 0 && (buf[off + 1] & 0x1F) == IDR;
            default -> false;
        };
    }

    private static boolean stapAHasKeyframe(byte[] buf, int pos, int end) {
        while (pos + 2 < end) {
            int size = BigEndian.u16(buf, pos);
            pos += 2;
            if (size == 0 || pos + size > end) {
                return false;
            }
            int type = buf[pos] & 0x1F;
            if (type == IDR || type == SPS) {
                return true;
            }
            pos += size;
        }
        return false;
    }
}
