package dev.parley.media.forward;

import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What Chromium sends with three VP8 simulcast layers (RIDs "l", "m", "h", lowest first) and three temporal layers
 * each (the L1T3 pattern: TID 0, 2, 1, 2, with TL0PICIDX and 15-bit picture ids, RFC 7741 §4.2), every packet
 * carrying its RID (RFC 8852) and transport-wide sequence number. Each layer's payload names its layer in the byte
 * after the VP8 payload header ({@link #LAYER_BYTE}) and its frame size grows with the layer.
 */
final class SimulcastBrowser {

    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    static final int RID_ID = 10;
    static final int REPAIRED_RID_ID = 11;
    static final String[] RIDS = {"l", "m", "h"};
    /** Offset in the payload of the byte that names the layer: after the 6-byte descriptor and the header byte. */
    static final int LAYER_BYTE = 7;
    static final ExtensionMap EXTENSIONS = new ExtensionMap(Map.of(
            RtpExtension.ABS_SEND_TIME.uri(), FakeBrowser.ABS_SEND_TIME_ID,
            RtpExtension.TRANSPORT_CC.uri(), FakeBrowser.TRANSPORT_CC_ID,
            RtpExtension.SDES_MID.uri(), FakeBrowser.MID_ID,
            RtpExtension.SDES_RTP_STREAM_ID.uri(), RID_ID,
            RtpExtension.SDES_REPAIRED_RTP_STREAM_ID.uri(), REPAIRED_RID_ID));
    private static final int[] TEMPORAL_PATTERN = {0, 2, 1, 2};

    final int[] ssrcs = new int[3];
    private final int[] sequenceNumbers = {100, 20_000, 65_000};
    private final int[] timestamps = {1_000, 500_000, 900_000};
    private final int[] pictureIds = {10, 3_000, 32_760};
    private final int[] tl0PicIdx = {5, 100, 250};
    private final int[] frameIndex = new int[3];
    private int transportSequenceNumber = 1;
    private final HeaderExtensionWriter extensions = new HeaderExtensionWriter();

    SimulcastBrowser(int firstSsrc) {
        for (int layer = 0; layer < 3; layer++) {
            ssrcs[layer] = firstSsrc + 2 * layer;
        }
    }

    /** The layers as an offer with {@code a=ssrc-group:SIM} names them, or by RID alone (SSRCs to learn). */
    List<PublisherStreamConfig> layerConfigs(boolean byRid) {
        return List.of(config(0, byRid), config(1, byRid), config(2, byRid));
    }

    private PublisherStreamConfig config(int layer, boolean byRid) {
        return new PublisherStreamConfig(MediaKind.VIDEO, byRid ? 0 : ssrcs[layer],
                byRid ? OptionalInt.empty() : OptionalInt.of(ssrcs[layer] + 1),
                List.of(new PayloadFormat(VP8, "VP8", 90_000)), Map.of(VP8_RTX, VP8), true,
                KeyframeRequestMethod.PLI, byRid ? RIDS[layer] : "");
    }

    /** The next frame (33 ms) of {@code layer} in {@code packets} packets of {@code size} payload bytes. */
    byte[][] frame(int layer, boolean keyframe, int packets, int size) {
        int index = frameIndex[layer]++;
        int temporal = keyframe ? 0 : TEMPORAL_PATTERN[index % TEMPORAL_PATTERN.length];
        if (keyframe) {
            frameIndex[layer] = 1;
        }
        pictureIds[layer] = (pictureIds[layer] + 1) & 0x7FFF;
        if (temporal == 0) {
            tl0PicIdx[layer] = (tl0PicIdx[layer] + 1) & 0xFF;
        }
        byte[][] frame = new byte[packets][];
        for (int i = 0; i < packets; i++) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 0x55);
            payload[0] = (byte) (i == 0 ? 0x90 : 0x80);
            payload[1] = (byte) 0xE0;
            BigEndian.put16(payload, 2, 0x8000 | pictureIds[layer]);
            payload[4] = (byte) tl0PicIdx[layer];
            payload[5] = (byte) (temporal << 6 | (temporal > 0 ? 0x20 : 0));
            payload[6] = (byte) (keyframe ? 0x00 : 0x01);
            payload[LAYER_BYTE] = (byte) layer;
            frame[i] = packet(layer, i == packets - 1, payload);
            sequenceNumbers[layer] = (sequenceNumbers[layer] + 1) & 0xFFFF;
        }
        timestamps[layer] += 3000;
        return frame;
    }

    private byte[] packet(int layer, boolean marker, byte[] payload) {
        byte[] buf = new byte[12 + 32 + payload.length];
        buf[0] = (byte) 0x90;
        buf[1] = (byte) ((marker ? 0x80 : 0) | VP8);
        BigEndian.put16(buf, 2, sequenceNumbers[layer]);
        BigEndian.put32(buf, 4, timestamps[layer]);
        BigEndian.put32(buf, 8, ssrcs[layer]);
        extensions.start(buf, 12, false);
        extensions.reserve(FakeBrowser.ABS_SEND_TIME_ID, 3);
        TransportSequenceNumber.write(buf, extensions.reserve(FakeBrowser.TRANSPORT_CC_ID, 2), transportSequenceNumber);
        transportSequenceNumber = (transportSequenceNumber + 1) & 0xFFFF;
        extensions.add(FakeBrowser.MID_ID, new byte[] {'1'}, 0, 1);
        byte[] rid = RIDS[layer].getBytes(StandardCharsets.US_ASCII);
        extensions.add(RID_ID, rid, 0, rid.length);
        int pos = 12 + extensions.finish();
        System.arraycopy(payload, 0, buf, pos, payload.length);
        return Arrays.copyOf(buf, pos + payload.length);
    }
}
