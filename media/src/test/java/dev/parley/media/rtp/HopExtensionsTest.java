package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The extensions a forwarder reads or writes per hop: RFC 6464 audio level, transport-wide seq, abs-send-time. */
class HopExtensionsTest {

    @Test
    void readsTheAudioLevelAndVoiceFlag() {
        byte[] data = {(byte) 0x9E, 0x7F};
        assertThat(AudioLevel.level(data, 0)).isEqualTo(30);
        assertThat(AudioLevel.voiceActivity(data, 0)).isTrue();
        assertThat(AudioLevel.level(data, 1)).isEqualTo(AudioLevel.SILENCE);
        assertThat(AudioLevel.voiceActivity(data, 1)).isFalse();
    }

    @Test
    void rewritesTheTransportSequenceNumberInPlace() {
        byte[] data = {0x12, 0x34, 0x56};
        assertThat(TransportSequenceNumber.read(data, 1)).isEqualTo(0x3456);
        TransportSequenceNumber.write(data, 1, 0xFFFE);
        assertThat(data).containsExactly(0x12, 0xFF, 0xFE);
    }

    @Test
    void writesTheSendTimeAsSixPointEighteenSecondsWrappingAt64() {
        byte[] data = new byte[3];
        AbsSendTime.write(data, 0, 1_500_000_000L);
        assertThat(AbsSendTime.read(data, 0)).isEqualTo(0x06_0000);
        AbsSendTime.write(data, 0, 65_000_000_000L + 250_000_000L); // 65.25 s: wrapped to 1.25 s
        assertThat(AbsSendTime.read(data, 0)).isEqualTo(0x05_0000);
        AbsSendTime.write(data, 0, 1_000_000_000L * 3600 * 24 * 365 + 500_000_000L); // a year later: no overflow
        assertThat(AbsSendTime.read(data, 0) & 0x3FFFF).isEqualTo(0x2_0000);
    }
}
