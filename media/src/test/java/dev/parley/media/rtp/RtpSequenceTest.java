package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3550 §5.1 and A.1: 16-bit sequence numbers and 32-bit timestamps wrap; comparisons go around the circle. */
class RtpSequenceTest {

    @Test
    void comparesAcrossTheWrap() {
        assertThat(RtpSequence.diff(2, 65534)).isEqualTo(4);
        assertThat(RtpSequence.diff(65534, 2)).isEqualTo(-4);
        assertThat(RtpSequence.isNewer(0, 65535)).isTrue();
        assertThat(RtpSequence.isNewer(65535, 0)).isFalse();
        assertThat(RtpSequence.timestampDiff(5, -5)).isEqualTo(10);
    }

    @Test
    void unwrapsToTheClosestExtendedValue() {
        assertThat(RtpSequence.unwrap(3, 65_530)).isEqualTo(65_539);
        assertThat(RtpSequence.unwrap(65_530, 65_539)).isEqualTo(65_530);
        assertThat(RtpSequence.unwrap(100, 5 * 65_536 + 90)).isEqualTo(5 * 65_536 + 100);
    }
}
