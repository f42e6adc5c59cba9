package dev.parley.media.rtp;

/**
 * The layer of an AV1 RTP packet, read from the OBU extension header of the first OBU the packet starts (the AV1
 * RTP payload specification §4.4 for the aggregation header and OBU elements; AV1 §5.3.1–§5.3.3 for the OBU header
 * and its extension). A scalable AV1 stream (more than one operating point, as Chromium's {@code L1T2}/{@code L1T3})
 * must carry the extension on every frame and tile OBU; a sequence header (no layer of its own) is passed over for
 * the OBU after it. A packet whose only element continues an OBU begun in an earlier packet has no layer of its
 * own: {@link #wrap} is false and the caller takes its frame's. Reused, never owning the array; never throws.
 *
 * <pre>
 * Aggregation header:  OBU header:          OBU extension:
 *  0 1 2 3 4 5 6 7      0 1 2 3 4 5 6 7      0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|    |F| type  |X|S|-|    | TID |SID|-|-|-|
 * +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Z: the first element continues an OBU from the previous packet; W: the number of elements (0: each has a
 * LEB128 length; otherwise all but the last do).
 */
public final class Av1ObuLayers {

    /** OBU elements looked at in one packet at most. */
    private static final int MAX_ELEMENTS = 16;

    private boolean continuation;
    private int temporalLayer;
    private int spatialLayer;

    /** Reads the packet's layer; false when no OBU it starts has an extension header, or it is malformed. */
    public boolean wrap(byte[] buf, int off, int len) {
        temporalLayer = -1;
        spatialLayer = -1;
        continuation = false;
        if (len < 2) {
            return false;
        }
        int aggregation = buf[off];
        continuation = (aggregation & 0x80) != 0;
        int count = (aggregation >> 4) & 0x03;
        int pos = off + 1;
        int end = off + len;
        for (int index = 0; pos < end && index < MAX_ELEMENTS; index++) {
            boolean last = count != 0 && index == count - 1;
            int length;
            if (last) {
                length = end - pos;
            } else {
                length = 0;
                int shift = 0;
                int b;
                do {
                    if (pos >= end || shift > 28) {
                        return false;
                    }
                    b = buf[pos++] & 0xFF;
                    length |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if (length < 0 || length > end - pos) {
                    return false;
                }
            }
            if (length > 0 && !(index == 0 && continuation)) {
                int header = buf[pos];
                if ((header & 0x04) != 0 && length >= 2) {
                    int extension = buf[pos + 1] & 0xFF;
                    temporalLayer = extension >> 5;
                    spatialLayer = (extension >> 3) & 0x03;
                    return true;
                }
            }
            pos += length;
            if (last) {
                break;
            }
        }
        return false;
    }

    /** Whether the packet's first element continues an OBU begun in an earlier packet (the Z bit). */
    public boolean continuation() {
        return continuation;
    }

    /** The temporal_id of the first OBU with an extension, or -1. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** The spatial_id of the first OBU with an extension, or -1. */
    public int spatialLayer() {
        return spatialLayer;
    }
}
