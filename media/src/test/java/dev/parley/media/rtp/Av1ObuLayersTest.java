package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The layer of AV1 RTP packets from the OBU extension header, over the aggregation header's element forms. */
class Av1ObuLayersTest {

    private final Av1ObuLayers layers = new Av1ObuLayers();

    private boolean wrap(int... bytes) {
        byte[] buf = new byte[bytes.length + 3];
        for (int i = 0; i < bytes.length; i++) {
            buf[i + 3] = (byte) bytes[i];
        }
        return layers.wrap(buf, 3, bytes.length);
    }

    @Test
    void oneElementWithAnExtensionGivesItsTemporalAndSpatialIds() {
        // W = 1; OBU_FRAME (6) with X; temporal_id 2, spatial_id 1
        assertThat(wrap(0x10, 6 << 3 | 0x04, 2 << 5 | 1 << 3, 0xAA)).isTrue();
        assertThat(layers.temporalLayer()).isEqualTo(2);
        assertThat(layers.spatialLayer()).isEqualTo(1);
        assertThat(layers.continuation()).isFalse();
    }

    @Test
    void aSequenceHeaderIsPassedOverForTheOBUAfterIt() {
        // W = 0: every element has a LEB128 length; the sequence header (1) has no extension
        assertThat(wrap(0x08, 2, 1 << 3, 0x00, 3, 6 << 3 | 0x04, 1 << 5, 0xBB)).isTrue();
        assertThat(layers.temporalLayer()).isEqualTo(1);
        // W = 2: the first element's length, the last runs to the end
        assertThat(wrap(0x20, 2, 1 << 3, 0x00, 6 << 3 | 0x04, 0, 0xCC)).isTrue();
        assertThat(layers.temporalLayer()).isZero();
    }

    @Test
    void aLengthInSeveralLeb128BytesIsFollowed() {
        int[] packet = new int[3 + 130 + 3];
        packet[0] = 0x20;
        packet[1] = 0x82; // 130 = 0b10_0000010: 0x82, 0x01
        packet[2] = 0x01;
        packet[3] = 2 << 3; // a 130-byte OBU of type 2 (temporal delimiter shape), no extension
        packet[3 + 130] = 6 << 3 | 0x04;
        packet[3 + 131] = 1 << 5;
        assertThat(wrap(packet)).isTrue();
        assertThat(layers.temporalLayer()).isEqualTo(1);
    }

    @Test
    void aPacketThatOnlyContinuesAnObuTellsNoLayer() {
        assertThat(wrap(0x90, 6 << 3 | 0x04, 2 << 5)).as("looks like a header, but continues one").isFalse();
        assertThat(layers.continuation()).isTrue();
        assertThat(layers.temporalLayer()).isEqualTo(-1);
        // a continuation, then a new OBU with its extension
        assertThat(wrap(0xA0, 2, 0x11, 0x22, 6 << 3 | 0x04, 1 << 5, 0)).isTrue();
        assertThat(layers.continuation()).isTrue();
        assertThat(layers.temporalLayer()).isEqualTo(1);
    }

    @Test
    void malformedOrLayerlessPacketsTellNoLayer() {
        assertThat(wrap()).isFalse();
        assertThat(wrap(0x10)).isFalse();
        assertThat(wrap(0x10, 6 << 3)).as("no extension").isFalse();
        assertThat(wrap(0x10, 6 << 3 | 0x04)).as("the extension cut off").isFalse();
        assertThat(wrap(0x00, 9, 6 << 3 | 0x04, 0)).as("a length past the end").isFalse();
        assertThat(wrap(0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)).as("a length too long").isFalse();
        assertThat(wrap(0x00, 0x80)).as("a length cut off").isFalse();
        assertThat(layers.temporalLayer()).isEqualTo(-1);
    }
}
