package dev.parley.sdk.call;

import dev.parley.sdk.call.CallNet.User;
import dev.parley.sdk.call.FakeEngine.FakePeer;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session state machines on a fake clock: every transition and timeout of docs/protocol.md §3.3. */
class RTCSessionTest {

    private final CallNet net = new CallNet();

    /** alice (1) calls bob (2), bob accepts, both connect. */
    private RTCSession[] connected(User alice, User bob) {
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of("topic", "demo"), bob);
        bob.last().acceptCall(Map.of("mood", "happy"));
        net.clock.advance(100);
        peerOf(alice, bob).ice(IceConnectionState.CONNECTED);
        peerOf(bob, alice).ice(IceConnectionState.CONNECTED);
        net.clock.runPending();
        return new RTCSession[]{outgoing, bob.last()};
    }

    /** The engine peer {@code of} has with {@code with} (the last one made). */
    private static FakePeer peerOf(User of, User with) {
        return of.engine.lastPeer();
    }

    @Test
    void callRingsTheCalleeWithEveryFieldAndUserInfo() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.AUDIO, Map.of("topic", "demo"), bob);

        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.PENDING);
        assertThat(outgoing.getPeerState(2)).isEqualTo(RTCConnectionState.WAIT);
        Map<String, Object> call = alice.sent("call").get(0);
        assertThat(call).containsEntry("moduleIdentifier", "WebRTCVideoChat").containsEntry("sessionID", outgoing.getSessionID())
                .containsEntry("callType", "2").containsEntry("callerID", "1").containsEntry("platform", "java")
                .containsEntry("opponentsIDs", List.of("2")).containsEntry("userInfo", Map.of("topic", "demo"));
        assertThat((String) call.get("sdp")).startsWith("v=0");
        assertThat(alice.engine.media.get(0).options.video()).as("an audio call opens no camera").isFalse();

        RTCSession incoming = bob.last();
        assertThat(bob.events).contains("new 1 {topic=demo}");
        assertThat(incoming.getSessionID()).isEqualTo(outgoing.getSessionID());
        assertThat(incoming.getState()).isEqualTo(RTCSessionState.NEW);
        assertThat(incoming.getConferenceType()).isEqualTo(ConferenceType.AUDIO);
        assertThat(incoming.getPeerState(1)).isEqualTo(RTCConnectionState.PENDING);
        assertThat(incoming.isOutgoing()).isFalse();
        assertThat(bob.sent).as("no candidates before accepting").isEmpty();
    }

    @Test
    void acceptConnectsBothSidesAndTricklesCandidatesOnlyAfterTheAnswer() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        net.clock.advance(100);
        assertThat(alice.sent("iceCandidates")).as("the caller waits for the accept").isEmpty();

        bob.last().acceptCall(Map.of("mood", "happy"));
        net.clock.advance(100);

        assertThat(alice.events).contains("accept 2 {mood=happy}", "state CONNECTING", "startConnect 2");
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CONNECTING);
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.CONNECTING);
        assertThat(alice.sent("iceCandidates")).hasSize(1);
        assertThat(bob.sent("iceCandidates")).hasSize(1);
        FakePeer alicePeer = alice.engine.lastPeer();
        FakePeer bobPeer = bob.engine.lastPeer();
        assertThat(alicePeer.added).extracting(c -> c.candidate()).containsExactly("candidate:user2 1 udp 1 198.18.0.2 5000 typ host");
        assertThat(bobPeer.added).hasSize(1);
        // The caller's SDP crossed XML with LF only; the callee's engine got CR LF back.
        assertThat(bobPeer.remoteDescriptions.get(0)).isEqualTo("v=0\r\no=user1 offer 1\r\n");

        alicePeer.ice(IceConnectionState.CHECKING);
        alicePeer.ice(IceConnectionState.CONNECTED);
        net.clock.runPending();
        assertThat(alice.events).containsSubsequence("peer 2 CONNECTING", "peer 2 CHECKING", "peer 2 CONNECTED", "connected 2");
        assertThat(outgoing.getPeerState(2)).isEqualTo(RTCConnectionState.CONNECTED);
        assertThat(alice.sent("call")).as("no re-dial after the accept").hasSize(1);
        net.clock.advance(60_000);
        assertThat(alice.events).doesNotContain("notAnswer 2");
    }

    @Test
    void remoteCandidatesArrivingBeforeTheOfferIsAnsweredWaitForTheRemoteDescription() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        FakePeer bobPeer = bob.engine.lastPeer();
        // alice sends a candidate before bob has answered (e.g. a CB client): bob holds it.
        net.deliver(2, 1, Map.of("signalType", "iceCandidates", "sessionID", outgoing.getSessionID(),
                "iceCandidates", List.of(Map.of("sdpMLineIndex", "", "sdpMid", "0",
                        "candidate", "candidate:early 1 udp 1 198.18.0.1 6000 typ host"))));
        net.clock.runPending();
        assertThat(bobPeer.added).isEmpty();
        bob.last().acceptCall(Map.of());
        net.clock.runPending();
        assertThat(bobPeer.added).singleElement().satisfies(c -> {
            assertThat(c.candidate()).contains("early");
            assertThat(c.sdpMLineIndex()).as("an empty sdpMLineIndex means 0").isZero();
        });
    }

    @Test
    void unansweredCallIsResentEveryDialingIntervalThenNotAnswered() {
        User alice = net.user(1, c -> c.setAnswerTimeInterval(7).setDialingTimeInterval(3));
        User bob = net.user(2); // rings for 60 s: the caller's hang-up stops it
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);

        net.clock.advance(6_000);
        assertThat(alice.sent("call")).hasSize(3);
        assertThat(outgoing.getCallsSent(2)).isEqualTo(3);
        assertThat(bob.count("new")).as("re-sent calls do not ring again").isEqualTo(1);
        net.clock.advance(1_000);

        assertThat(alice.events).containsSubsequence("notAnswer 2", "peer 2 NOT_ANSWER", "connectionClosed 2",
                "state GOING_TO_CLOSE", "startClose", "state CLOSED", "closed");
        assertThat(alice.sent("hangUp")).singleElement().satisfies(h -> assertThat(h.get("userInfo")).isEqualTo(Map.of("reason", "no_answer")));
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(alice.engine.media.get(0).closed).as("devices released").isTrue();
        assertThat(bob.events).contains("hangUp 1 {reason=no_answer}", "closed");
        net.clock.advance(10_000);
        assertThat(alice.sent("call")).as("no call after the answer time").hasSize(3);
    }

    @Test
    void calleeThatDoesNothingGetsNoActionsAndItsSessionCloses() {
        User alice = net.user(1);
        User bob = net.user(2, c -> c.setAnswerTimeInterval(10));
        alice.online = false; // her re-sends and hang-up never arrive
        net.deliver(2, 1, CallNet.roundTrip(Map.of("signalType", "call", "sessionID", "s-1", "callType", "1",
                "callerID", "1", "opponentsIDs", List.of("2"), "sdp", "v=0\n")));
        net.clock.runPending();
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.NEW);
        net.clock.advance(9_999);
        assertThat(bob.events).doesNotContain("noActions 2");
        net.clock.advance(1);
        assertThat(bob.events).containsSubsequence("noActions 2", "startClose", "closed");
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.CLOSED);
        // The same call arriving late does not ring again.
        net.deliver(2, 1, CallNet.roundTrip(Map.of("signalType", "call", "sessionID", "s-1", "callType", "1",
                "callerID", "1", "opponentsIDs", List.of("2"), "sdp", "v=0\n")));
        net.clock.runPending();
        assertThat(bob.count("new")).isEqualTo(1);
    }

    @Test
    void rejectTellsTheCallerWithUserInfoAndClosesBothSessions() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        bob.last().rejectCall(Map.of("reason", "busy later"));
        net.clock.runPending();

        assertThat(alice.events).containsSubsequence("reject 2 {reason=busy later}", "peer 2 REJECT", "connectionClosed 2", "closed");
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(bob.events).contains("closed").doesNotContain("accept 1 {}");
        assertThat(bob.engine.media).as("rejecting opens no device").isEmpty();
    }

    @Test
    void hangUpFromTheCallerAndFromTheCallee() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession[] call = connected(alice, bob);
        call[0].hangUp(Map.of("bye", "now"));
        net.clock.runPending();
        assertThat(bob.events).containsSubsequence("hangUp 1 {bye=now}", "peer 1 HANG_UP", "connectionClosed 1", "closed");
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(call[1].getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(alice.engine.lastPeer().closed).isTrue();
        assertThat(bob.engine.lastPeer().closed).isTrue();

        RTCSession[] second = connected(alice, bob);
        second[1].hangUp(Map.of());
        net.clock.runPending();
        assertThat(alice.events).contains("hangUp 2 {}");
        assertThat(second[0].getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(alice.client.getSessions()).isEmpty();
    }

    @Test
    void callerGivingUpBeforeTheAnswerStopsTheRinging() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        outgoing.hangUp(Map.of());
        net.clock.runPending();
        assertThat(bob.events).containsSubsequence("hangUp 1 {}", "closed");
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.CLOSED);
    }

    @Test
    void updateCarriesUserInfoAndNestedObjectsBecomeJson() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession[] call = connected(alice, bob);
        call[0].update(Map.of("videoFilter", "sepia"));
        net.clock.runPending();
        assertThat(bob.events).contains("update 1 {videoFilter=sepia}");
        // A browser SDK may nest objects in userInfo: the Java app gets them as JSON text.
        net.deliver(2, 1, Map.of("signalType", "update", "sessionID", call[0].getSessionID(),
                "userInfo", Map.of("nested", Map.of("level", "2"))));
        net.clock.runPending();
        assertThat(bob.events).contains("update 1 {nested={\"level\":\"2\"}}");
    }

    @Test
    void disconnectedOffererRestartsIceAndReconnects() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession[] call = connected(alice, bob);
        FakePeer alicePeer = alice.engine.lastPeer();
        FakePeer bobPeer = bob.engine.lastPeer();

        alicePeer.ice(IceConnectionState.DISCONNECTED);
        bobPeer.ice(IceConnectionState.DISCONNECTED);
        net.clock.runPending();
        assertThat(alice.events).contains("disconnected 2");
        assertThat(call[0].getPeerState(2)).isEqualTo(RTCConnectionState.DISCONNECTED);
        net.clock.advance(999);
        assertThat(alice.sent("iceRestart")).isEmpty();
        net.clock.advance(1);
        assertThat(alice.sent("iceRestart")).hasSize(1);
        assertThat(bob.sent("iceRestart")).as("only the offerer restarts").isEmpty();
        assertThat(bob.sent("iceRestartAccept")).hasSize(1);
        assertThat(alicePeer.restartOffers).isEqualTo(1);
        assertThat(call[0].getIceRestarts(2)).isEqualTo(1);

        alicePeer.ice(IceConnectionState.CONNECTED);
        bobPeer.ice(IceConnectionState.CONNECTED);
        net.clock.advance(60_000);
        assertThat(call[0].getPeerState(2)).isEqualTo(RTCConnectionState.CONNECTED);
        assertThat(alice.count("connected 2")).isEqualTo(2);
        assertThat(alice.sent("iceRestart")).as("no restart once connected again").hasSize(1);
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CONNECTING);
    }

    @Test
    void connectionThatStaysDownIsClosedAfterTheDisconnectTime() {
        User alice = net.user(1, c -> c.setDisconnectTime(10));
        User bob = net.user(2, c -> c.setDisconnectTime(10));
        RTCSession[] call = connected(alice, bob);
        alice.engine.lastPeer().ice(IceConnectionState.FAILED);
        net.clock.runPending();
        assertThat(alice.events).contains("failed 2");
        assertThat(alice.sent("iceRestart")).as("a failed connection restarts at once").hasSize(1);
        bob.online = false; // the network is gone: the next restart offers are never answered
        alice.online = false;
        net.clock.advance(9_000);
        // Restarts at 0 (answered), 4 s and 8 s: the one at 8 s rolls back the unanswered one of 4 s.
        assertThat(alice.engine.lastPeer().restartOffers).isEqualTo(3);
        assertThat(alice.engine.lastPeer().rollbacks).as("an unanswered restart offer is rolled back").isEqualTo(1);
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CONNECTING);
        net.clock.advance(1_000);
        assertThat(alice.events).containsSubsequence("peer 2 DISCONNECT_TIMEOUT", "disconnectTimeout 2", "peer 2 CLOSED",
                "connectionClosed 2", "closed");
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CLOSED);
    }

    @Test
    void groupCallIsAMeshWhereLowerIdsAreCalledByHigherOnes() {
        User alice = net.user(1);
        User bob = net.user(2);
        User carol = net.user(3);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob, carol);
        bob.last().acceptCall(Map.of());
        net.clock.runPending();
        assertThat(bob.sent("call")).as("bob has no lower-id opponent to call").isEmpty();
        carol.last().acceptCall(Map.of());
        net.clock.runPending();
        assertThat(carol.sent("call")).singleElement().satisfies(c -> {
            assertThat(c.get("callerID")).isEqualTo("1");
            assertThat(c.get("sessionID")).isEqualTo(outgoing.getSessionID());
        });
        assertThat(bob.sent("accept")).as("bob in the call accepts carol's mesh call by itself").hasSize(2);
        assertThat(bob.count("new")).isEqualTo(1);
        assertThat(outgoing.getPeerState(2)).isEqualTo(RTCConnectionState.CONNECTING);
        assertThat(outgoing.getPeerState(3)).isEqualTo(RTCConnectionState.CONNECTING);
        assertThat(bob.last().getPeerState(3)).isEqualTo(RTCConnectionState.CONNECTING);
        assertThat(carol.last().getPeerState(2)).isEqualTo(RTCConnectionState.CONNECTING);
        assertThat(carol.events).contains("accept 2 {}");

        // One leaves: the others stay in the call.
        bob.last().hangUp(Map.of());
        net.clock.runPending();
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CONNECTING);
        assertThat(outgoing.getPeerState(2)).isEqualTo(RTCConnectionState.HANG_UP);
        assertThat(carol.last().getPeerState(2)).isEqualTo(RTCConnectionState.HANG_UP);
    }

    @Test
    void busyUserRejectsANewCallByItself() {
        User alice = net.user(1);
        User bob = net.user(2, c -> c.setAutoRejectWhenBusy(true));
        User carol = net.user(3);
        connected(alice, bob);
        RTCSession second = carol.call(ConferenceType.VIDEO, Map.of(), bob);
        net.clock.runPending();
        assertThat(carol.events).contains("reject 2 {busy=true}", "closed");
        assertThat(second.getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(bob.count("new")).isEqualTo(1);
    }

    @Test
    void wrongStateActionsFailTheirFutureAndChangeNothing() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        assertThat(failure(outgoing.startCall(Map.of()))).contains("already started");
        assertThat(failure(outgoing.acceptCall(Map.of()))).contains("only a ringing incoming call");
        RTCSession incoming = bob.last();
        assertThat(failure(incoming.update(Map.of()))).contains("only a started call");
        incoming.rejectCall(Map.of());
        net.clock.runPending();
        assertThat(failure(incoming.acceptCall(Map.of()))).contains("CLOSED");
        assertThat(incoming.hangUp(Map.of())).as("hanging up a closed session does nothing").isCompleted();
        assertThat(failure(outgoing.setAudioEnabled(false))).contains("no local media");
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CLOSED);
    }

    @Test
    void failedOfferMarksThePeerErrorAndClosesTheSession() {
        User alice = net.user(1);
        User bob = net.user(2);
        alice.engine.failOffers = true;
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        assertThat(alice.events).contains("peer 2 ERROR", "connectionClosed 2", "closed");
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(bob.count("new")).isZero();
    }

    @Test
    void newSessionsAreValidated() {
        User alice = net.user(1);
        RTCClient client = alice.client;
        assertThatThrownBy(() -> client.createNewSessionWithOpponents(List.of(2L, 3L, 4L, 5L), ConferenceType.VIDEO))
                .hasMessageContaining("too many opponents (4)").hasMessageContaining("mesh of 4");
        assertThatThrownBy(() -> client.createNewSessionWithOpponents(List.of(1L), ConferenceType.VIDEO))
                .hasMessageContaining("caller cannot be one of the opponents");
        assertThatThrownBy(() -> client.createNewSessionWithOpponents(List.of(2L, 2L), ConferenceType.VIDEO))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> client.createNewSessionWithOpponents(List.of(), ConferenceType.VIDEO))
                .hasMessageContaining("at least one opponent");
        assertThat(client.createNewSessionWithOpponents(List.of(2L, 3L, 4L), ConferenceType.VIDEO).getState())
                .isEqualTo(RTCSessionState.NEW);
        User offline = net.user(0);
        assertThatThrownBy(() -> offline.client.createNewSessionWithOpponents(List.of(2L), ConferenceType.VIDEO))
                .hasMessageContaining("connect to chat first");
    }

    @Test
    void configRefusesValuesBelowTheProtocolMinimums() {
        RTCConfig config = new RTCConfig();
        assertThatThrownBy(() -> config.setDialingTimeInterval(2)).hasMessageContaining("at least 3");
        assertThatThrownBy(() -> config.setDisconnectTime(9)).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> config.setMaxOpponentsCount(4)).hasMessageContaining("mesh of 4");
        assertThatThrownBy(() -> config.setStatsReportInterval(50)).hasMessageContaining("100 ms");
        assertThatThrownBy(() -> new RTCMediaConfig().setMaxBandwidth(-1)).hasMessageContaining("kbit/s");
    }

    @Test
    void signalsFromStrangersOrOtherModulesAreIgnored() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession outgoing = alice.call(ConferenceType.VIDEO, Map.of(), bob);
        // user 9 is not in the call: its hang-up changes nothing.
        net.deliver(1, 9, Map.of("signalType", "hangUp", "sessionID", outgoing.getSessionID()));
        net.deliver(1, 2, Map.of("moduleIdentifier", "SomethingElse", "signalType", "reject",
                "sessionID", outgoing.getSessionID()));
        net.deliver(2, 1, Map.of("signalType", "call", "sessionID", "x".repeat(200), "sdp", "v=0",
                "opponentsIDs", List.of("2")));
        net.deliver(2, 1, Map.of("signalType", "call", "sessionID", "not-for-bob", "sdp", "v=0",
                "opponentsIDs", List.of("3")));
        net.clock.runPending();
        assertThat(outgoing.getState()).isEqualTo(RTCSessionState.PENDING);
        assertThat(bob.count("new")).isEqualTo(1);
    }

    @Test
    void mediaControlsReachTheLocalMediaAndTheBandwidthCapEveryPeer() {
        User alice = net.user(1);
        User bob = net.user(2);
        RTCSession[] call = connected(alice, bob);
        FakeEngine.FakeMedia media = alice.engine.media.get(0);
        call[0].setAudioEnabled(false);
        call[0].setVideoEnabled(false);
        assertThat(media.audio.enabled).isFalse();
        assertThat(media.video.enabled).isFalse();
        assertThat(call[0].isAudioEnabled()).isFalse();
        call[0].switchCamera("camera-2");
        call[0].switchMicrophone("mic-2");
        call[0].startScreenSharing(null);
        assertThat(media.camera).isEqualTo("camera-2");
        assertThat(media.microphone).isEqualTo("mic-2");
        assertThat(call[0].isSharingScreen()).isTrue();
        call[0].stopScreenSharing();
        assertThat(call[0].isSharingScreen()).isFalse();
        call[0].setMaxBandwidth(256);
        net.clock.runPending();
        assertThat(alice.engine.lastPeer().maxBitrate).isEqualTo(256);
    }

    @Test
    void audioOutputsAreTheEnginesAndChoosingOneSwitchesItsPlayout() throws Exception {
        User alice = net.user(1);
        User bob = net.user(2);
        MediaDevice speakers = new MediaDevice("out-1", "Speakers", MediaDevice.Kind.AUDIO_OUTPUT, false);
        MediaDevice headset = new MediaDevice("out-2", "Headset", MediaDevice.Kind.AUDIO_OUTPUT, false);
        alice.engine.outputs.addAll(List.of(speakers, headset));
        RTCSession[] call = connected(alice, bob);
        assertThat(call[0].getAudioOutputs()).containsExactly(speakers, headset);

        call[0].selectAudioOutput("out-2").get();
        assertThat(alice.engine.audioOutput).isEqualTo("out-2");
        assertThatThrownBy(() -> call[0].selectAudioOutput("out-9").get()).hasCauseInstanceOf(MediaException.class)
                .hasMessageContaining("no audio output out-9");
        assertThat(alice.engine.audioOutput).as("a refused choice changes nothing").isEqualTo("out-2");

        MediaEngine silent = new MediaEngine() {
            @Override
            public List<MediaDevice> devices(MediaDevice.Kind kind) {
                return List.of();
            }

            @Override
            public LocalMedia openLocalMedia(MediaOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MediaPeer createPeer(PeerOptions options, MediaPeer.Listener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> silent.selectAudioOutput("any")).isInstanceOf(MediaException.class)
                .hasMessageContaining("cannot choose the audio output");
    }

    @Test
    void statsReportsGiveEachPeersMicLevelAndBitrates() {
        User alice = net.user(1, c -> c.setStatsReportInterval(1000));
        User bob = net.user(2);
        connected(alice, bob);
        FakePeer peer = alice.engine.lastPeer();
        peer.stats = stats(1_000_000, 10_000, 50_000, 30);
        net.clock.advance(1000);
        peer.stats = stats(2_000_000, 14_000, 175_000, 45);
        net.clock.advance(1000);
        assertThat(alice.reports).hasSizeGreaterThanOrEqualTo(2);
        RTCStatsReport last = alice.reports.get(alice.reports.size() - 1);
        assertThat(last.userId()).isEqualTo(2);
        assertThat(last.videoBitrateKbps()).isEqualTo(1000.0); // 125 000 bytes in 1 s
        assertThat(last.audioBitrateKbps()).isEqualTo(32.0);
        assertThat(last.micLevel()).isEqualTo(0.25);
        assertThat(last.framesDecoded()).isEqualTo(45);
        assertThat(bob.reports).as("stats are off by default").isEmpty();
    }

    private static PeerStats stats(long timestampUs, long audioBytes, long videoBytes, long frames) {
        return new PeerStats(timestampUs, audioBytes, 100, 0, 0.25, 1.0, videoBytes, frames, frames, 320, 240,
                0, 0, 0, 12.0);
    }

    private static String failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
