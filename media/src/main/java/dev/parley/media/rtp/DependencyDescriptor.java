package dev.parley.media.rtp;

/**
 * The layer of a video packet, read from its dependency descriptor header extension (the AV1 RTP payload
 * specification, appendix A; libwebrtc sends it for AV1, and for VP8 and VP9 too, once negotiated): the mandatory
 * fields (start and end of frame, the frame's template id and frame number) of every packet, and the template
 * structure that keyframes carry, of which only the layers of each template are kept (A.8.3.2
 * {@code template_layers()}): a frame's spatial and temporal id are its template's. One per stream: the structure
 * lasts until the next one replaces it. Reused, never owning the array; allocates nothing; never throws.
 *
 * <pre>
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |S|E| template id |         frame number          |   then, when longer than 3 bytes: structure present,
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   active decode targets present, custom dtis, fdiffs and
 *                                                       chains (1 bit each); the structure: template id offset (6),
 *                                                       decode targets - 1 (5), next_layer_idc (2) per template...
 * </pre>
 */
public final class DependencyDescriptor {

    /** A structure has at most 64 templates (the template id is 6 bits). */
    private static final int MAX_TEMPLATES = 64;

    private final byte[] templateSpatial = new byte[MAX_TEMPLATES];
    private final byte[] templateTemporal = new byte[MAX_TEMPLATES];
    private final byte[] scratchSpatial = new byte[MAX_TEMPLATES];
    private final byte[] scratchTemporal = new byte[MAX_TEMPLATES];
    private int templateCount;
    private int templateIdOffset;
    private int maxSpatialLayer;

    private boolean startOfFrame;
    private boolean endOfFrame;
    private int frameNumber;
    private int spatialLayer;
    private int temporalLayer;

    // The bit reader over the descriptor being read.
    private byte[] buf;
    private int bitPos;
    private int bitEnd;

    /**
     * Reads one packet's descriptor ({@code len} bytes at {@code off}). True when the frame's layers are known: the
     * descriptor is well formed and its template is in the structure (its own, or the last one seen); false leaves
     * the layers at -1 and the structure as it was.
     */
    public boolean read(byte[] data, int off, int len) {
        spatialLayer = -1;
        temporalLayer = -1;
        startOfFrame = false;
        endOfFrame = false;
        if (len < 3) {
            return false;
        }
        buf = data;
        bitPos = off * 8;
        bitEnd = (off + len) * 8;
        boolean start = bits(1) == 1;
        boolean end = bits(1) == 1;
        int templateId = bits(6);
        int number = bits(16);
        if (len > 3) {
            boolean structurePresent = bits(1) == 1;
            bits(4); // active decode targets present, custom dtis, custom fdiffs, custom chains: not needed here
            if (structurePresent && !readStructure()) {
                return false;
            }
        }
        if (templateCount == 0) {
            return false;
        }
        int index = (templateId - templateIdOffset + MAX_TEMPLATES) % MAX_TEMPLATES;
        if (index >= templateCount) {
            return false;
        }
        startOfFrame = start;
        endOfFrame = end;
        frameNumber = number;
        spatialLayer = templateSpatial[index];
        temporalLayer = templateTemporal[index];
        return true;
    }

    /**
     * A.8.3.1-A.8.3.2: the template id offset, the decode target count, then each template's layers, read into
     * scratch arrays and taken over only when the list ends well (a bad structure keeps the previous one).
     */
    private boolean readStructure() {
        if (bitEnd - bitPos < 11) {
            return false;
        }
        int offset = bits(6);
        bits(5); // dt_cnt_minus_one
        int count = 0;
        int spatial = 0;
        int temporal = 0;
        int nextLayer;
        do {
            if (count == MAX_TEMPLATES || bitEnd - bitPos < 2) {
                return false;
            }
            scratchSpatial[count] = (byte) spatial;
            scratchTemporal[count] = (byte) temporal;
            count++;
            nextLayer = bits(2);
            if (nextLayer == 1) {
                temporal++;
            } else if (nextLayer == 2) {
                temporal = 0;
                spatial++;
            }
        } while (nextLayer != 3);
        System.arraycopy(scratchSpatial, 0, templateSpatial, 0, count);
        System.arraycopy(scratchTemporal, 0, templateTemporal, 0, count);
        templateCount = count;
        templateIdOffset = offset;
        maxSpatialLayer = spatial;
        return true;
    }

    private int bits(int n) {
        int value = 0;
        for (int i = 0; i < n; i++) {
            int bit = bitPos < bitEnd ? (buf[bitPos >>> 3] >> (7 - (bitPos & 7))) & 1 : 0;
            bitPos++;
            value = (value << 1) | bit;
        }
        return value;
    }

    /** The start of frame flag (S) of the last packet read. */
    public boolean startOfFrame() {
        return startOfFrame;
    }

    /** The end of frame flag (E) of the last packet read. */
    public boolean endOfFrame() {
        return endOfFrame;
    }

    public int frameNumber() {
        return frameNumber;
    }

    /** The spatial id of the last packet's frame, or -1. */
    public int spatialLayer() {
        return spatialLayer;
    }

    /** The temporal id of the last packet's frame, or -1. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** The highest spatial id of the current structure, or -1 before any. */
    public int maxSpatialLayer() {
        return templateCount == 0 ? -1 : maxSpatialLayer;
    }
}
