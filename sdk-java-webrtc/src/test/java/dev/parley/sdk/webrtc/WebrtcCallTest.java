package dev.parley.sdk.webrtc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real calls between two engines in one JVM (Alice offers, Bob answers), judged by real stats and
 * decoded frames. Each test makes its own call.
 */
@Tag("media")
class WebrtcCallTest {

    private static final double BLACK = 10;
    private static final double LIT = 40;

    @BeforeEach
    void needsNetns() {
        assumeTrue(System.getenv("PARLEY_NETNS") != null, "media tests run inside scripts/netns-run");
    }

    @Test
    void videoAndAudioFlowBothWaysAtTheRequestedSize() throws Exception {
        try (TestCall call = TestCall.start()) {
            for (Party party : new Party[] {call.alice, call.bob}) {
                PeerStats stats = Waits.until(party.name + " decoding 320x240 video and receiving audio", Waits.MEDIA,
                        party::stats, s -> s.framesDecoded() >= 15 && s.frameWidth() == 320 && s.frameHeight() == 240
                                && s.audioPacketsReceived() >= 25 && s.audioBytesReceived() > 1000);
                assertThat(stats.videoBytesSent()).isPositive();
                assertThat(stats.audioBytesSent()).isPositive();
                FrameProbe.Seen seen = Waits.until(party.name + "'s remote sink seeing lit 320x240 frames", Waits.MEDIA,
                        party.remoteVideo::last, f -> f.frames() >= 10 && f.meanLuma() > LIT);
                assertThat(seen.width()).isEqualTo(320);
                assertThat(seen.height()).isEqualTo(240);
                assertThat(party.remoteTracks).extracting(MediaTrack::kind)
                        .containsExactlyInAnyOrder(MediaTrack.Kind.AUDIO, MediaTrack.Kind.VIDEO);
                assertThat(party.media.microphoneLevel()).as("RMS of a 0.25 sine").isBetween(0.15, 0.2);
            }
        }
    }

    /** The dummy audio module never plays remote audio out, so WebRTC never decodes it (see WebrtcJavaEngine). */
    @Test
    void remoteAudioArrivesButIsNotDecoded() throws Exception {
        try (TestCall call = TestCall.start()) {
            PeerStats stats = Waits.until("audio packets at Bob", Waits.MEDIA, call.bob::stats,
                    s -> s.audioPacketsReceived() >= 100);
            assertThat(stats.audioLevel()).isZero();
            assertThat(stats.totalAudioEnergy()).isZero();
        }
    }

    @Test
    void mutedVideoTurnsBlackRemotelyAndComesBack() throws Exception {
        try (TestCall call = TestCall.start()) {
            Waits.until("Bob seeing Alice", Waits.MEDIA, call.bob.remoteVideo::last, f -> f.meanLuma() > LIT);

            call.alice.media.videoTrack().setEnabled(false);
            assertThat(call.alice.media.videoTrack().isEnabled()).isFalse();
            Waits.until("Bob seeing black", Waits.MEDIA, call.bob.remoteVideo::last, f -> f.meanLuma() >= 0 && f.meanLuma() < BLACK);
            assertThat(call.alice.remoteVideo.last().meanLuma()).as("Bob still sends his camera").isGreaterThan(LIT);

            call.alice.media.videoTrack().setEnabled(true);
            Waits.until("Bob seeing Alice again", Waits.MEDIA, call.bob.remoteVideo::last, f -> f.meanLuma() > LIT);
        }
    }

    /** Muted audio is sent as silence, which Opus packs in a few bytes a packet. */
    @Test
    void mutedAudioIsSentAsSilence() throws Exception {
        try (TestCall call = TestCall.start()) {
            Waits.until("audio at Bob", Waits.MEDIA, call.bob::stats, s -> s.audioPacketsReceived() >= 50);
            double tone = Rates.audioBytesPerPacketReceived(call.bob, 2000);

            call.alice.media.audioTrack().setEnabled(false);
            assertThat(call.alice.media.microphoneLevel()).isZero();
            Waits.sleep(500);
            double muted = Rates.audioBytesPerPacketReceived(call.bob, 2000);
            assertThat(muted).as("bytes per packet muted vs %.1f with the tone", tone).isPositive().isLessThan(tone / 3);

            call.alice.media.audioTrack().setEnabled(true);
            assertThat(call.alice.media.microphoneLevel()).isPositive();
            Waits.until("the tone back at Bob", Waits.MEDIA, () -> Rates.audioBytesPerPacketReceived(call.bob, 1000),
                    bytes -> bytes > tone / 2);
        }
    }

    @Test
    void switchingCameraChangesTheRemotePictureAndBack() throws Exception {
        try (TestCall call = TestCall.start()) {
            FrameProbe.Seen first = Waits.until("Bob seeing camera 1", Waits.MEDIA, call.bob.remoteVideo::last,
                    f -> f.meanLuma() > LIT);
            assertThat(first.meanLuma()).isBetween(90.0, 130.0);

            call.alice.media.switchCamera(DeviceCatalog.CAMERA_2.id());
            FrameProbe.Seen second = Waits.until("Bob seeing camera 2", Waits.MEDIA, call.bob.remoteVideo::last,
                    f -> f.meanLuma() > 160);
            assertThat(second.width()).isEqualTo(320);

            call.alice.media.switchCamera(DeviceCatalog.CAMERA_1.id());
            Waits.until("Bob seeing camera 1 again", Waits.MEDIA, call.bob.remoteVideo::last,
                    f -> f.meanLuma() > LIT && f.meanLuma() < 130);
        }
    }

    /** Alice's one local media goes to Bob and to Carol on two peer connections; a switch reaches both. */
    @Test
    void switchesAndMuteReachEveryPeerTheMediaWasAddedTo() throws Exception {
        MediaOptions options = new MediaOptions(true, true, 320, 240, 15, null, null);
        try (TestCall withBob = TestCall.start()) {
            Party aliceToCarol = new Party("alice-to-carol", withBob.alice.engine, withBob.alice.media, TestCall.NO_ICE_SERVERS);
            Party carol = new Party("carol", WebrtcJavaEngine.synthetic(), options, TestCall.NO_ICE_SERVERS);
            try (TestCall withCarol = TestCall.between(aliceToCarol, carol)) {
                for (Party watcher : List.of(withBob.bob, carol)) {
                    Waits.until(watcher.name + " seeing camera 1", Waits.MEDIA, watcher.remoteVideo::last,
                            f -> f.meanLuma() > LIT && f.meanLuma() < 130);
                }
                withBob.alice.media.switchCamera(DeviceCatalog.CAMERA_2.id());
                for (Party watcher : List.of(withBob.bob, carol)) {
                    Waits.until(watcher.name + " seeing camera 2", Waits.MEDIA, watcher.remoteVideo::last, f -> f.meanLuma() > 160);
                }
                withBob.alice.media.videoTrack().setEnabled(false);
                for (Party watcher : List.of(withBob.bob, carol)) {
                    Waits.until(watcher.name + " seeing black", Waits.MEDIA, watcher.remoteVideo::last,
                            f -> f.meanLuma() >= 0 && f.meanLuma() < BLACK);
                }
                withBob.alice.media.startScreenSharing(null);
                withBob.alice.media.videoTrack().setEnabled(true);
                for (Party watcher : List.of(withBob.bob, carol)) {
                    Waits.until(watcher.name + " seeing the screen", Waits.MEDIA, watcher.remoteVideo::last, f -> f.width() > 320);
                }
            }
        }
    }

    @Test
    void switchingMicrophoneKeepsAudioFlowing() throws Exception {
        try (TestCall call = TestCall.start()) {
            Waits.until("audio at Bob", Waits.MEDIA, call.bob::stats, s -> s.audioPacketsReceived() >= 50);
            call.alice.media.switchMicrophone(DeviceCatalog.MICROPHONE_2.id());
            assertThat(Waits.until("the louder microphone", Waits.MEDIA, call.alice.media::microphoneLevel, l -> l > 0.3))
                    .as("RMS of a 0.6 sine").isLessThan(0.45);
            long before = call.bob.stats().audioBytesReceived();
            Waits.until("audio still arriving at Bob", Waits.MEDIA, call.bob::stats,
                    s -> s.audioBytesReceived() > before + 4000);
        }
    }

    @Test
    void screenSharingChangesTheRemoteFrameSizeAndBack() throws Exception {
        try (TestCall call = TestCall.start()) {
            Waits.until("Bob seeing the camera", Waits.MEDIA, call.bob.remoteVideo::last, f -> f.width() == 320);
            assertThat(call.alice.media.canShareScreen()).isTrue();

            call.alice.media.startScreenSharing(null);
            assertThat(call.alice.media.isSharingScreen()).isTrue();
            FrameProbe.Seen screen = Waits.until("Bob seeing a 16:9 screen larger than the camera", Waits.MEDIA,
                    call.bob.remoteVideo::last, f -> f.width() > 320 && f.width() * 9 == f.height() * 16);
            assertThat(screen.meanLuma()).isGreaterThan(150);
            Waits.until("Bob's stats showing the screen size", Waits.MEDIA, call.bob::stats,
                    s -> s.frameWidth() == screen.width() && s.frameHeight() == screen.height());

            call.alice.media.stopScreenSharing();
            assertThat(call.alice.media.isSharingScreen()).isFalse();
            Waits.until("Bob seeing the 320x240 camera again", Waits.MEDIA, call.bob.remoteVideo::last,
                    f -> f.width() == 320 && f.height() == 240 && f.meanLuma() < 130);
        }
    }

    @Test
    void maxBitrateCapsOutgoingVideo() throws Exception {
        try (TestCall call = TestCall.start()) {
            double uncapped = Waits.until("Alice's video above 120 kbit/s", Waits.MEDIA,
                    () -> Rates.videoKbpsSent(call.alice, 2000), kbps -> kbps > 120);

            call.alice.peer.setMaxBitrate(60).get(5, TimeUnit.SECONDS);
            Waits.sleep(2000);
            double capped = Rates.videoKbpsSent(call.alice, 4000);
            assertThat(capped).as("kbit/s sent with a 60 kbit/s cap, %.0f before", uncapped).isPositive().isLessThan(60 * 1.5);

            call.alice.peer.setMaxBitrate(0).get(5, TimeUnit.SECONDS);
            Waits.until("Alice's video uncapped again", Waits.MEDIA, () -> Rates.videoKbpsSent(call.alice, 2000),
                    kbps -> kbps > 120);
        }
    }

    @Test
    void iceRestartKeepsMediaFlowing() throws Exception {
        try (TestCall call = TestCall.start()) {
            PeerStats before = Waits.until("media at Bob", Waits.MEDIA, call.bob::stats,
                    s -> s.framesDecoded() >= 15 && s.audioPacketsReceived() >= 50);
            String firstOffer = call.lastOffer;
            String restartOffer = call.negotiate(true);
            assertThat(iceUfrag(restartOffer)).isNotEqualTo(iceUfrag(firstOffer));
            assertThat(call.alice.peer.hasLocalOffer()).isFalse();

            Waits.until("media still flowing at Bob after the restart", Waits.MEDIA, call.bob::stats,
                    s -> s.framesDecoded() > before.framesDecoded() + 45 && s.audioPacketsReceived() > before.audioPacketsReceived() + 150);
        }
    }

    @Test
    void rollbackDropsAnUnansweredOffer() throws Exception {
        try (TestCall call = TestCall.start()) {
            call.alice.peer.createOffer(false).get(10, TimeUnit.SECONDS);
            assertThat(call.alice.peer.hasLocalOffer()).isTrue();
            call.alice.peer.rollback().get(10, TimeUnit.SECONDS);
            assertThat(call.alice.peer.hasLocalOffer()).isFalse();
            long frames = call.bob.stats().framesDecoded();
            Waits.until("media still flowing", Waits.MEDIA, call.bob::stats, s -> s.framesDecoded() > frames + 15);
        }
    }

    @Test
    void closingLocalMediaFirstStopsSendingButKeepsThePeer() throws Exception {
        try (TestCall call = TestCall.start()) {
            Waits.until("Bob decoding", Waits.MEDIA, call.bob::stats, s -> s.framesDecoded() >= 15);
            call.alice.media.close();
            Waits.sleep(1000);
            long frames = call.bob.stats().framesDecoded();
            Waits.sleep(1500);
            assertThat(call.bob.stats().framesDecoded()).as("frames decoded by Bob once Alice's media closed").isEqualTo(frames);
            assertThat(call.alice.stats().framesDecoded()).as("Alice still receives Bob").isGreaterThan(15);
        }
    }

    @Test
    void engineCloseEndsItsOpenPeersAndMedia() throws Exception {
        try (TestCall call = TestCall.start()) {
            call.alice.engine.close();
            assertThatThrownBy(() -> call.alice.peer.stats().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(MediaException.class);
            assertThat(call.alice.media.microphoneLevel()).isZero();
            Waits.until("Bob noticing", Waits.MEDIA, () -> call.bob.iceStates,
                    states -> states.get(states.size() - 1) == dev.parley.sdk.media.IceConnectionState.DISCONNECTED
                            || states.get(states.size() - 1) == dev.parley.sdk.media.IceConnectionState.FAILED);
        }
    }

    @Test
    void closeEndsThePeerAndTheEngine() throws Exception {
        TestCall call = TestCall.start();
        call.close();
        call.close();

        assertThatThrownBy(() -> call.alice.peer.createOffer(false).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(MediaException.class);
        assertThatThrownBy(() -> call.alice.peer.addLocalMedia(call.alice.media)).isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> call.alice.media.switchCamera(null)).isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> call.alice.engine.openLocalMedia(new MediaOptions(true, false, 0, 0, 0, null, null)))
                .isInstanceOf(MediaException.class).hasMessageContaining("closed");
        assertThat(call.alice.peer.hasLocalOffer()).isFalse();
        assertThat(call.alice.media.microphoneLevel()).isZero();
    }

    /**
     * webrtc-java hands each frame to a native sink with a reference the sink must drop; a leaked
     * 320x240 frame keeps about 115 kB of native memory.
     */
    @Test
    void framesHandedToSinksAreReleased() throws Exception {
        MediaOptions options = new MediaOptions(true, true, 320, 240, 30, null, null);
        try (TestCall call = TestCall.start(options, options, TestCall.NO_ICE_SERVERS)) {
            FrameProbe aliceLocal = new FrameProbe();
            FrameProbe bobLocal = new FrameProbe();
            call.alice.media.videoTrack().addSink(aliceLocal);
            call.bob.media.videoTrack().addSink(bobLocal);
            List<FrameProbe> probes = List.of(aliceLocal, bobLocal, call.alice.remoteVideo, call.bob.remoteVideo);
            Waits.until("frames in every sink", Waits.MEDIA, () -> probes.stream().mapToLong(p -> p.last().frames()).min().orElse(0),
                    fewest -> fewest > 60);
            long framesBefore = probes.stream().mapToLong(p -> p.last().frames()).sum();
            long rssBefore = residentKb();
            Waits.sleep(6_000);
            long frames = probes.stream().mapToLong(p -> p.last().frames()).sum() - framesBefore;
            long grownKb = residentKb() - rssBefore;
            assertThat(frames).isGreaterThan(240);
            assertThat(grownKb).as("kB the process grew by while its sinks got %d frames", frames).isLessThan(frames * 115 / 4);
        }
    }

    private static long residentKb() throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String iceUfrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow();
    }
}
