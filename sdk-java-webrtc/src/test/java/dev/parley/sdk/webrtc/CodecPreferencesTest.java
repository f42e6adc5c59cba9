package dev.parley.sdk.webrtc;

import java.util.List;
import java.util.Map;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CodecPreferencesTest {

    private static final RTCRtpCodecCapability RTX = video("rtx", Map.of());
    private static final RTCRtpCodecCapability VP9 = video("VP9", Map.of("profile-id", "0"));
    private static final RTCRtpCodecCapability H264_1 = video("H264", Map.of("packetization-mode", "1"));
    private static final RTCRtpCodecCapability H264_0 = video("H264", Map.of("packetization-mode", "0"));
    private static final RTCRtpCodecCapability RED = video("red", Map.of());
    private static final List<RTCRtpCodecCapability> VIDEO = List.of(RTX, VP9, H264_1, H264_0, RED);

    @Test
    void preferredNamesLeadWithEveryProfileThenTheRestInOrder() {
        assertThat(CodecPreferences.order(MediaType.VIDEO, VIDEO, List.of("h264", "VP9")))
                .containsExactly(H264_1, H264_0, VP9, RTX, RED);
    }

    @Test
    void aVideoCodecMissingFromTheListIsDescribedFromItsName() {
        List<RTCRtpCodecCapability> ordered = CodecPreferences.order(MediaType.VIDEO, VIDEO, List.of("VP8"));
        assertThat(ordered.get(0).getName()).isEqualTo("VP8");
        assertThat(ordered.get(0).getClockRate()).isEqualTo(90_000);
        assertThat(ordered.subList(1, ordered.size())).containsExactlyElementsOf(VIDEO);
    }

    @Test
    void unknownAudioNamesLeaveWebrtcsOrder() {
        RTCRtpCodecCapability opus = new RTCRtpCodecCapability(MediaType.AUDIO, "opus", 48_000, 2, Map.of());
        assertThat(CodecPreferences.order(MediaType.AUDIO, List.of(opus), List.of("speex"))).isEmpty();
        assertThat(CodecPreferences.order(MediaType.AUDIO, List.of(opus), List.of())).isEmpty();
    }

    private static RTCRtpCodecCapability video(String name, Map<String, String> fmtp) {
        return new RTCRtpCodecCapability(MediaType.VIDEO, name, 90_000, null, fmtp);
    }
}
