package dev.parley.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Where a receiver may start decoding, per codec: RFC 7741 (VP8), RFC 9628 (VP9), RFC 6184 (H.264), AV1 RTP §4.4. */
class KeyframeDetectorTest {

    static boolean keyframe(String codec, String payloadHex) {
        byte[] payload = Hex.bytes(payloadHex);
        return KeyframeDetector.forEncoding(codec).isKeyframeStart(payload, 0, payload.length);
    }

    /** Each capture's video opens with a keyframe; the frames 8 s later are deltas (nobody asked for a keyframe). */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void findsTheKeyframeThatOpensChromiumsStreamAndNoneLater(String codec) {
        Sdp sdp = Captures.sdp(codec);
        KeyframeDetector detector = KeyframeDetector.forEncoding(codec);
        RtpPacket packet = new RtpPacket();
        List<Boolean> starts = new ArrayList<>();
        for (Datagram datagram : Captures.rtp(codec)) {
            packet.wrap(datagram.payload(), 0, datagram.payload().length);
            if (Integer.toUnsignedLong(packet.ssrc()) == sdp.videoSsrc()) {
                starts.add(detector.isKeyframeStart(packet.buffer(), packet.payloadOffset(), packet.payloadLength()));
            }
        }
        assertThat(starts.getFirst()).as("the first packet starts a keyframe").isTrue();
        assertThat(starts.subList(starts.size() - 6, starts.size())).as("later packets").containsOnly(false);
    }

    @ParameterizedTest(name = "VP8 {0}: {1}")
    @CsvSource({
        "10 00, true",                  // S=1, PID=0, payload header P=0: keyframe
        "10 01, false",                 // P=1: interframe
        "00 00, false",                 // not the start of a partition
        "11 00, false",                 // start of partition 1, not of the frame
        "90 80 C924 70, true",          // X, I with a 15-bit picture id, then P=0
        "90 80 C924 71, false",
        "90 C0 45 12 70, true",         // X: I (7-bit id), L (TL0PICIDX), then P=0
        "90 F0 45 12 40 70, true",      // X: I, L, T, then P=0
        "90 80 C9, false",              // cut inside the picture id
    })
    void vp8(String payload, boolean expected) {
        assertThat(keyframe("VP8", payload)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "VP9 {0}: {1}")
    @CsvSource({
        "08, true",                     // B=1, P=0, no layer indices
        "48, false",                    // P=1: inter-picture predicted
        "00, false",                    // not the start of a frame
        "A8 12 00, true",               // I (7-bit id), L: SID 0
        "A8 12 02, false",              // L: SID 1, an upper spatial layer
        "A8 92 34 00, true",            // I with a 15-bit id, L: SID 0
        "A8, false",                    // cut before the picture id
    })
    void vp9(String payload, boolean expected) {
        assertThat(keyframe("VP9", payload)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "H264 {0}: {1}")
    @CsvSource({
        "67 42 C0 1F, true",            // single NAL unit: SPS
        "65 88 84, true",               // single NAL unit: IDR slice
        "41 9A 02, false",              // single NAL unit: non-IDR slice
        "68 CE 3C 80, false",           // single NAL unit: PPS alone
        "78 0004 6742C01F 0002 68CE, true",    // STAP-A: SPS, PPS
        "78 0002 68CE 0003 419A02, false",     // STAP-A: PPS, non-IDR
        "78 0009 6742C01F, false",             // STAP-A whose NAL size overruns
        "7C 85 B8 00, true",            // FU-A start of an IDR slice
        "7C 05 B8 00, false",           // FU-A continuation of an IDR slice
        "7C 81 E0 00, false",           // FU-A start of a non-IDR slice
        "7C, false",                    // FU-A without its header
    })
    void h264(String payload, boolean expected) {
        assertThat(keyframe("H264", payload)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "AV1 {0}: {1}")
    @CsvSource({
        "68 0B 08 00, true",            // N=1: first packet of a coded video sequence
        "10 30 30 C0, false",           // W=1, N=0: a frame OBU
        "10 08 00 00, true",            // W=1, N=0, but the OBU is a sequence header (type 1)
        "00 03 08 00 00 30, true",      // W=0: LEB128 length, then a sequence header
        "00 83 01 30 00, false",        // W=0: two-byte LEB128 length, then a frame OBU
        "90 08 00, false",              // Z=1: continues an OBU of the previous packet
        "10, false",                    // nothing after the aggregation header
    })
    void av1(String payload, boolean expected) {
        assertThat(keyframe("AV1", payload)).isEqualTo(expected);
    }

    @Test
    void letsAnyPacketStartAudioAndCodecsItCannotParse() {
        assertThat(KeyframeDetector.forEncoding("opus")).isSameAs(KeyframeDetector.ANY_PACKET);
        assertThat(KeyframeDetector.forEncoding("H265")).isSameAs(KeyframeDetector.ANY_PACKET);
        assertThat(KeyframeDetector.forEncoding("vp8")).isSameAs(KeyframeDetector.forEncoding("VP8"));
    }

    @Test
    void neverThrowsOnRandomPayloads() {
        Random random = new Random(11);
        for (String codec : Captures.CODECS) {
            KeyframeDetector detector = KeyframeDetector.forEncoding(codec);
            for (int i = 0; i < 50_000; i++) {
                byte[] payload = new byte[random.nextInt(12)];
                random.nextBytes(payload);
                int off = payload.length == 0 ? 0 : random.nextInt(payload.length);
                detector.isKeyframeStart(payload, off, payload.length - off);
            }
        }
    }
}
