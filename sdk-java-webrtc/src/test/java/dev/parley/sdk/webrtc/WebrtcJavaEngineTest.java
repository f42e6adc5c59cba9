package dev.parley.sdk.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine without a network: devices, local media, offers. Needs the native library only. */
class WebrtcJavaEngineTest {

    private static final MediaOptions CAMERA_AND_MIC = new MediaOptions(true, true, 320, 240, 15, null, null);
    private static final MediaPeer.Listener IGNORED = new MediaPeer.Listener() {
        @Override
        public void onIceCandidate(IceCandidate candidate) {
        }

        @Override
        public void onIceConnectionState(IceConnectionState state) {
        }

        @Override
        public void onRemoteTrack(MediaTrack track) {
        }
    };

    private WebrtcJavaEngine engine;

    @BeforeEach
    void start() throws MediaException {
        engine = WebrtcJavaEngine.synthetic();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void hasNoAudioOutputToChooseSinceItsDummyAudioModuleHasNoPlayoutDevices() {
        assertThat(engine.devices(MediaDevice.Kind.AUDIO_OUTPUT)).isEmpty();
        assertThatThrownBy(() -> engine.selectAudioOutput("speaker:any")).isInstanceOf(MediaException.class)
                .hasMessageContaining("plays no remote sound");
        // The reason, in webrtc-java 0.14.0 itself: should a later version list playout devices, revisit this.
        AudioDeviceModule dummy = new AudioDeviceModule(AudioLayer.kDummyAudio);
        try {
            assertThatThrownBy(dummy::getPlayoutDevices).isInstanceOf(IllegalArgumentException.class);
        } finally {
            dummy.dispose();
        }
    }

    @Test
    void listsTheSyntheticDevices() {
        assertThat(engine.devices(MediaDevice.Kind.CAMERA)).containsExactly(DeviceCatalog.CAMERA_1, DeviceCatalog.CAMERA_2);
        assertThat(engine.devices(MediaDevice.Kind.SCREEN)).containsExactly(DeviceCatalog.SCREEN);
        assertThat(engine.devices(MediaDevice.Kind.MICROPHONE)).containsExactly(DeviceCatalog.MICROPHONE_1, DeviceCatalog.MICROPHONE_2);
        assertThat(engine.devices(MediaDevice.Kind.CAMERA)).allMatch(MediaDevice::synthetic);
    }

    @Test
    void autoFindsNoRealDeviceHeadlessButKeepsTheSyntheticOnes() throws MediaException {
        try (WebrtcJavaEngine auto = WebrtcJavaEngine.create()) {
            assertThat(auto.devices(MediaDevice.Kind.CAMERA)).contains(DeviceCatalog.CAMERA_1, DeviceCatalog.CAMERA_2);
            assertThat(auto.devices(MediaDevice.Kind.MICROPHONE)).contains(DeviceCatalog.MICROPHONE_1);
        }
    }

    @Test
    void localSinksSeeTheCameraAtTheRequestedSize() throws MediaException {
        try (LocalMedia media = engine.openLocalMedia(new MediaOptions(false, true, 160, 120, 30, null, null))) {
            FrameProbe probe = new FrameProbe();
            media.videoTrack().addSink(probe);
            FrameProbe.Seen seen = Waits.until("local frames", Duration.ofSeconds(5), probe::last, f -> f.frames() >= 5);
            assertThat(seen.width()).isEqualTo(160);
            assertThat(seen.height()).isEqualTo(120);
            assertThat(seen.meanLuma()).isBetween(90.0, 130.0);
            assertThat(media.audioTrack()).isNull();
            assertThat(media.microphoneLevel()).isZero();
        }
    }

    @Test
    void microphoneLevelFollowsTheToneAndMute() throws MediaException {
        try (LocalMedia media = engine.openLocalMedia(new MediaOptions(true, false, 0, 0, 0, null, DeviceCatalog.MICROPHONE_2.id()))) {
            assertThat(Waits.until("a level", Duration.ofSeconds(5), media::microphoneLevel, l -> l > 0))
                    .as("RMS of a 0.6 sine").isBetween(0.4, 0.45);
            media.audioTrack().setEnabled(false);
            assertThat(media.microphoneLevel()).isZero();
            assertThat(media.videoTrack()).isNull();
            assertThatThrownBy(() -> media.startScreenSharing(null)).isInstanceOf(MediaException.class).hasMessageContaining("no video");
        }
    }

    @Test
    void unknownDevicesAreRefusedByName() {
        assertThatThrownBy(() -> engine.openLocalMedia(new MediaOptions(true, true, 320, 240, 15, "camera:nope", null)))
                .isInstanceOf(MediaException.class).hasMessageContaining("camera:nope").hasMessageContaining("synthetic:camera-1");
        assertThatThrownBy(() -> engine.openLocalMedia(new MediaOptions(true, false, 0, 0, 0, null, DeviceCatalog.CAMERA_1.id())))
                .isInstanceOf(MediaException.class).hasMessageContaining("no microphone with id");
    }

    @Test
    void preferredCodecsLeadTheOffer() throws Exception {
        assertThat(firstPayloads(List.of("H264", "VP8"), List.of("G722"))).containsExactly("H264", "G722");
        assertThat(firstPayloads(List.of("VP8"), List.of())).containsExactly("VP8", "opus");
        assertThat(firstPayloads(List.of("VP9"), List.of("opus"))).containsExactly("VP9", "opus");
    }

    @Test
    void videoGoesOutInTheSimulcastLayersAskedForFullSizeFirst() throws Exception {
        try (LocalMedia media = engine.openLocalMedia(CAMERA_AND_MIC)) {
            MediaPeer layered = engine.createPeer(new PeerOptions(List.of(), List.of("VP8"), List.of(), 3), IGNORED);
            layered.addLocalMedia(media);
            String sdp = layered.createOffer(false).get(5, TimeUnit.SECONDS);
            layered.close();
            String video = sdp.substring(sdp.indexOf("m=video"));
            assertThat(video).contains("a=simulcast:send 0;1;2", "a=rid:0 send", "a=rid:2 send",
                    "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
            assertThat(firstCodec(sdp, "m=video")).isEqualTo("VP8");
            assertThat(sdp.substring(0, sdp.indexOf("m=video"))).doesNotContain("a=simulcast");

            MediaPeer single = engine.createPeer(new PeerOptions(List.of(), List.of(), List.of()), IGNORED);
            single.addLocalMedia(media);
            assertThat(single.createOffer(false).get(5, TimeUnit.SECONDS)).doesNotContain("a=simulcast", "a=rid:");
            single.close();
        }
        assertThatThrownBy(() -> new PeerOptions(List.of(), List.of(), List.of(), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..3");
    }

    @Test
    void offersRollBack() throws Exception {
        try (LocalMedia media = engine.openLocalMedia(CAMERA_AND_MIC)) {
            MediaPeer peer = engine.createPeer(new PeerOptions(List.of(), List.of(), List.of()), IGNORED);
            peer.addLocalMedia(media);
            assertThat(peer.hasLocalOffer()).isFalse();
            peer.createOffer(false).get(5, TimeUnit.SECONDS);
            assertThat(peer.hasLocalOffer()).isTrue();
            peer.rollback().get(5, TimeUnit.SECONDS);
            assertThat(peer.hasLocalOffer()).isFalse();
            peer.close();
            peer.close();
        }
    }

    @Test
    void refusesMediaFromAnotherEngine() throws Exception {
        MediaPeer peer = engine.createPeer(new PeerOptions(List.of(), List.of(), List.of()), IGNORED);
        try (WebrtcJavaEngine other = WebrtcJavaEngine.synthetic(); LocalMedia foreign = other.openLocalMedia(CAMERA_AND_MIC)) {
            assertThatThrownBy(() -> peer.addLocalMedia(foreign)).isInstanceOf(MediaException.class).hasMessageContaining("this engine");
        }
    }

    @Test
    void badIceServerIsAMediaException() {
        PeerOptions bad = new PeerOptions(List.of(new dev.parley.sdk.media.IceServer(List.of("nonsense"), null, null)), List.of(), List.of());
        assertThatThrownBy(() -> engine.createPeer(bad, IGNORED)).isInstanceOf(MediaException.class);
    }

    /** The first payload's codec name of the audio and video m-lines of an offer. */
    private List<String> firstPayloads(List<String> videoCodecs, List<String> audioCodecs) throws Exception {
        try (LocalMedia media = engine.openLocalMedia(CAMERA_AND_MIC)) {
            MediaPeer peer = engine.createPeer(new PeerOptions(List.of(), videoCodecs, audioCodecs), IGNORED);
            peer.addLocalMedia(media);
            String sdp = peer.createOffer(false).get(5, TimeUnit.SECONDS);
            peer.close();
            return List.of(firstCodec(sdp, "m=video"), firstCodec(sdp, "m=audio"));
        }
    }

    private static String firstCodec(String sdp, String mLine) {
        String payload = sdp.lines().filter(l -> l.startsWith(mLine)).findFirst().orElseThrow().split(" ")[3];
        String rtpmap = sdp.lines().filter(l -> l.startsWith("a=rtpmap:" + payload + " ")).findFirst().orElseThrow();
        return rtpmap.split(" ")[1].split("/")[0];
    }
}
