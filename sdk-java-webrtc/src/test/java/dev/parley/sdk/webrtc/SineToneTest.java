package dev.parley.sdk.webrtc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SineToneTest {

    @Test
    void levelIsTheRmsOfTheSine() {
        SineTone tone = new SineTone(440, 0.5);
        byte[] chunk = new byte[SineTone.CHUNK_BYTES];
        double level = tone.next(chunk);
        assertThat(level).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
        assertThat(Pcm16.rms(chunk, SineTone.CHUNK_FRAMES)).isEqualTo(level);
    }

    @Test
    void chunksJoinWithoutAJump() {
        SineTone tone = new SineTone(440, 0.5);
        byte[] first = new byte[SineTone.CHUNK_BYTES];
        byte[] second = new byte[SineTone.CHUNK_BYTES];
        tone.next(first);
        tone.next(second);
        int last = sample(first, SineTone.CHUNK_FRAMES - 1);
        int next = sample(second, 0);
        double maxStep = 0.5 * Short.MAX_VALUE * 2 * Math.PI * 440 / SineTone.SAMPLE_RATE;
        assertThat((double) Math.abs(next - last)).isLessThanOrEqualTo(maxStep + 1);
    }

    @Test
    void silenceHasNoLevel() {
        assertThat(Pcm16.rms(new byte[SineTone.CHUNK_BYTES], SineTone.CHUNK_FRAMES)).isZero();
        assertThat(Pcm16.rms(new byte[0], 0)).isZero();
    }

    @Test
    void fullScaleIsOne() {
        byte[] pcm = {(byte) 0xff, 0x7f, 0x00, (byte) 0x80};
        assertThat(Pcm16.rms(pcm, 2)).isEqualTo(1.0);
    }

    @Test
    void rejectsImpossibleTones() {
        assertThatThrownBy(() -> new SineTone(30_000, 0.5)).hasMessageContaining("frequency");
        assertThatThrownBy(() -> new SineTone(440, 2)).hasMessageContaining("amplitude");
    }

    private static int sample(byte[] pcm, int index) {
        return (short) ((pcm[2 * index] & 0xff) | (pcm[2 * index + 1] << 8));
    }
}
