package dev.parley.media.rtp;

/**
 * A view of the layer indices of a VP9 RTP payload descriptor (RFC 9628 §4.2): the temporal and spatial layer of
 * the packet and whether it ends its layer frame, what a forwarder needs to drop the SVC layers above the ones a
 * subscriber gets. Reused, never owning the array.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z|
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PICTURE ID  |   (a second byte when M = 1)
 *      +-+-+-+-+-+-+-+-+
 * L:   | TID |U| SID |D|
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vp9PayloadDescriptor {

    private boolean startOfLayerFrame;
    private boolean endOfLayerFrame;
    private int temporalLayer;
    private int spatialLayer;
    private boolean switchingUp;

    /** {@link #layerIndicesOffset}: the descriptor has no layer indices (L = 0). */
    static final int NO_LAYER_INDICES = -1;
    /** {@link #layerIndicesOffset}: the descriptor ends before its layer indices. */
    static final int TRUNCATED = -2;

    /**
     * Where the layer indices byte of the descriptor at {@code off} (at least one byte) is, after the picture id;
     * {@link #NO_LAYER_INDICES} or {@link #TRUNCATED}.
     */
    static int layerIndicesOffset(byte[] buf, int off, int len) {
        int first = buf[off];
        if ((first & 0x20) == 0) {
            return NO_LAYER_INDICES;
        }
        int pos = off + 1;
        int end = off + len;
        if ((first & 0x80) != 0) {
            if (pos >= end) {
                return TRUNCATED;
            }
            pos += (buf[pos] & 0x80) != 0 ? 2 : 1;
        }
        return pos < end ? pos : TRUNCATED;
    }

    /** Reads the descriptor at the start of the payload; false when it is truncated. Never throws. */
    public boolean wrap(byte[] buf, int off, int len) {
        temporalLayer = -1;
        spatialLayer = -1;
        switchingUp = false;
        if (len < 1) {
            return false;
        }
        int first = buf[off];
        startOfLayerFrame = (first & 0x08) != 0;
        endOfLayerFrame = (first & 0x04) != 0;
        int pos = layerIndicesOffset(buf, off, len);
        if (pos == NO_LAYER_INDICES) {
            return true;
        }
        if (pos == TRUNCATED) {
            return false;
        }
        int layers = buf[pos];
        temporalLayer = (layers >> 5) & 0x07;
        switchingUp = (layers & 0x10) != 0;
        spatialLayer = (layers >> 1) & 0x07;
        return true;
    }

    /** B: the packet begins a layer frame. */
    public boolean startOfLayerFrame() {
        return startOfLayerFrame;
    }

    /** E: the packet ends a layer frame. */
    public boolean endOfLayerFrame() {
        return endOfLayerFrame;
    }

    /** TID, or -1 without layer indices. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** SID, or -1 without layer indices. */
    public int spatialLayer() {
        return spatialLayer;
    }

    /** U: a receiver may switch up to a higher temporal layer from here. */
    public boolean switchingUp() {
        return switchingUp;
    }
}
