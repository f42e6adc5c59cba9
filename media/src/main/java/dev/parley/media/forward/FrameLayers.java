package dev.parley.media.forward;

import java.util.Arrays;

/**
 * The temporal layer of a stream's last few frames, by RTP timestamp: for the packets that tell none themselves (an
 * AV1 packet that only continues an OBU of its frame), and to know a frame's first packet (its timestamp is new).
 * Media thread only; allocates nothing per packet.
 */
final class FrameLayers {

    /** Frames remembered; a retransmission of an older one is taken as of no known layer. */
    private static final int FRAMES = 8;

    private final int[] timestamps = new int[FRAMES];
    private final int[] layers = new int[FRAMES];
    private int next;

    FrameLayers() {
        Arrays.fill(layers, -1);
    }

    /** Records the layer of the frame with this timestamp; true when the frame was not known yet. */
    boolean remember(int timestamp, int layer) {
        int known = indexOf(timestamp);
        if (known >= 0) {
            layers[known] = layer;
            return false;
        }
        timestamps[next] = timestamp;
        layers[next] = layer;
        next = (next + 1) % FRAMES;
        return true;
    }

    /** The layer of the frame with this timestamp, or -1 when it is not among the last ones. */
    int layerOf(int timestamp) {
        int index = indexOf(timestamp);
        return index < 0 ? -1 : layers[index];
    }

    private int indexOf(int timestamp) {
        for (int i = 0; i < FRAMES; i++) {
            if (timestamps[i] == timestamp && layers[i] >= 0) {
                return i;
            }
        }
        return -1;
    }
}
