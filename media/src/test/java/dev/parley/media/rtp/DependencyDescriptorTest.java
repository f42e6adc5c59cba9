package dev.parley.media.rtp;

import static dev.parley.media.rtp.BitWriter.bits;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dependency descriptor's mandatory fields and template layers (AV1 RTP specification, appendix A.8). */
class DependencyDescriptorTest {

    /**
     * A keyframe's descriptor with Chromium's L2T2 structure: templates S0T0, S0T1, S1T0, S1T1 (next_layer_idc 1, 2,
     * 1, 3), offset {@code offset}; the frame uses template id {@code templateId}.
     */
    static byte[] withStructure(int offset, int templateId, int frameNumber) {
        return bits(1, 1, 0, 1, templateId, 6, frameNumber, 16,
                1, 1, 0, 4, // structure present; no active decode targets, custom dtis, fdiffs or chains
                offset, 6, 3, 5, // template id offset; 4 decode targets
                1, 2, 2, 2, 1, 2, 3, 2, // next_layer_idc per template
                0, 16); // the rest of the structure (dtis, fdiffs, chains...), not read
    }

    static byte[] mandatory(boolean start, boolean end, int templateId, int frameNumber) {
        return bits(start ? 1 : 0, 1, end ? 1 : 0, 1, templateId, 6, frameNumber, 16);
    }

    @Test
    void aFramesLayersAreItsTemplatesInTheLastStructure() {
        DependencyDescriptor descriptor = new DependencyDescriptor();
        byte[] key = withStructure(10, 10, 500);
        assertThat(descriptor.read(key, 0, key.length)).isTrue();
        assertThat(descriptor.startOfFrame()).isTrue();
        assertThat(descriptor.endOfFrame()).isFalse();
        assertThat(descriptor.frameNumber()).isEqualTo(500);
        assertThat(descriptor.spatialLayer()).isZero();
        assertThat(descriptor.temporalLayer()).isZero();
        assertThat(descriptor.maxSpatialLayer()).isEqualTo(1);

        int[][] expected = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        for (int template = 0; template < 4; template++) {
            byte[] packet = mandatory(false, true, 10 + template, 501 + template);
            assertThat(descriptor.read(packet, 0, packet.length)).isTrue();
            assertThat(new int[] {descriptor.spatialLayer(), descriptor.temporalLayer()}).as("template %d", template)
                    .containsExactly(expected[template]);
            assertThat(descriptor.endOfFrame()).isTrue();
            assertThat(descriptor.frameNumber()).isEqualTo(501 + template);
        }
    }

    @Test
    void templateIdsWrapAroundTheOffset() {
        DependencyDescriptor descriptor = new DependencyDescriptor();
        byte[] key = withStructure(62, 62, 1);
        assertThat(descriptor.read(key, 0, key.length)).isTrue();
        byte[] third = mandatory(true, false, 0, 2); // (0 - 62) mod 64 = 2: S1T0
        assertThat(descriptor.read(third, 0, third.length)).isTrue();
        assertThat(descriptor.spatialLayer()).isEqualTo(1);
        assertThat(descriptor.temporalLayer()).isZero();
    }

    @Test
    void withoutAStructureOrWithAnUnknownTemplateNoLayerIsKnown() {
        DependencyDescriptor descriptor = new DependencyDescriptor();
        byte[] packet = mandatory(true, true, 3, 7);
        assertThat(descriptor.read(packet, 0, packet.length)).as("before any structure").isFalse();
        assertThat(descriptor.spatialLayer()).isEqualTo(-1);
        assertThat(descriptor.maxSpatialLayer()).isEqualTo(-1);

        byte[] key = withStructure(0, 0, 8);
        assertThat(descriptor.read(key, 0, key.length)).isTrue();
        byte[] beyond = mandatory(true, true, 4, 9); // four templates: 0-3
        assertThat(descriptor.read(beyond, 0, beyond.length)).isFalse();
        assertThat(descriptor.temporalLayer()).isEqualTo(-1);
        assertThat(descriptor.read(new byte[2], 0, 2)).as("shorter than the mandatory fields").isFalse();
    }

    @Test
    void aTruncatedStructureKeepsThePreviousOne() {
        DependencyDescriptor descriptor = new DependencyDescriptor();
        byte[] key = withStructure(0, 0, 8);
        assertThat(descriptor.read(key, 0, key.length)).isTrue();
        // A structure whose template list never ends (no next_layer_idc 3 before the data runs out).
        byte[] broken = bits(1, 1, 1, 1, 0, 6, 9, 16, 1, 1, 0, 4, 0, 6, 0, 5, 0, 2, 0, 2, 0, 2);
        assertThat(descriptor.read(broken, 0, broken.length)).isFalse();
        byte[] upper = mandatory(true, true, 2, 10);
        assertThat(descriptor.read(upper, 0, upper.length)).isTrue();
        assertThat(descriptor.spatialLayer()).as("the L2T2 structure still holds").isEqualTo(1);
    }

    @Test
    void readsAtAnOffsetWithinALargerArray() {
        DependencyDescriptor descriptor = new DependencyDescriptor();
        byte[] key = withStructure(5, 7, 300);
        byte[] framed = new byte[key.length + 9];
        System.arraycopy(key, 0, framed, 4, key.length);
        assertThat(descriptor.read(framed, 4, key.length)).isTrue();
        assertThat(descriptor.spatialLayer()).isEqualTo(1); // template 7 - 5 = 2: S1T0
        assertThat(descriptor.frameNumber()).isEqualTo(300);
    }
}
