package dev.parley.sdk.it;

import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConnectionState;
import dev.parley.sdk.call.RTCSession;
import dev.parley.sdk.call.RTCSessionState;
import dev.parley.sdk.call.RTCStatsReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java↔Java calls through a real Parley server with real WebRTC (webrtc-java) and synthetic media.
 * Media needs the private network namespace: run inside scripts/netns-run.
 */
@Tag("media")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaCallTest {

    @RegisterExtension
    static final RealServer server = RealServer.forMedia();
    private final List<JavaUser> users = new ArrayList<>();

    @AfterEach
    void closeUsers() {
        for (JavaUser user : users) user.close();
    }

    private JavaUser user(Consumer<dev.parley.sdk.call.RTCConfig> configure) throws Exception {
        JavaUser user = JavaUser.create(server.process(), server.login("java"), configure);
        users.add(user);
        return user;
    }

    private JavaUser user() throws Exception {
        return user(c -> { });
    }

    /** alice calls bob, bob accepts; returns once both report CONNECTED. */
    private RTCSession[] connect(JavaUser alice, JavaUser bob) throws Exception {
        RTCSession outgoing = alice.call(Map.of("topic", "java"), ConferenceType.VIDEO, bob);
        bob.waitEvent(e -> e.name().equals("new") && ((RTCSession) e.detail()).getSessionID().equals(outgoing.getSessionID()), "the call");
        RTCSession incoming = bob.last();
        incoming.acceptCall(Map.of("answer", "yes")).get(20, TimeUnit.SECONDS);
        alice.waitFor(() -> Optional.of(outgoing).filter(s -> s.getPeerState(bob.id()) == RTCConnectionState.CONNECTED), "CONNECTED");
        bob.waitFor(() -> Optional.of(incoming).filter(s -> s.getPeerState(alice.id()) == RTCConnectionState.CONNECTED), "CONNECTED");
        return new RTCSession[]{outgoing, incoming};
    }

    private static void assertMediaFrom(JavaUser receiver, JavaUser sender) {
        RTCStatsReport first = receiver.waitStats(sender.id(), r -> r.framesDecoded() > 0 && r.audioBitrateKbps() > 0,
                "decoded video and audio");
        receiver.waitStats(sender.id(), r -> r.framesDecoded() > first.framesDecoded() + 10, "more frames");
    }

    @Test
    void oneToOneCallCarriesVideoAndAudioBothWaysAndHangsUp() throws Exception {
        JavaUser alice = user();
        JavaUser bob = user();
        RTCSession[] call = connect(alice, bob);
        assertThat(bob.waitEvent("new", alice.id()).userInfo()).containsEntry("topic", "java");
        assertThat(alice.waitEvent("accept", bob.id()).userInfo()).containsEntry("answer", "yes");

        assertMediaFrom(alice, bob);
        assertMediaFrom(bob, alice);
        RTCStatsReport atBob = bob.lastStats.get(alice.id());
        assertThat(atBob.frameWidth()).isEqualTo(320);
        assertThat(atBob.frameHeight()).isEqualTo(240);
        assertThat(atBob.videoBitrateKbps()).isPositive();
        assertThat(bob.waitFor(() -> Optional.ofNullable(bob.remoteLuma.get(alice.id())), "a rendered frame")).isGreaterThan(30);
        // Every callback ran on the SDK's callback thread, none on a WebRTC thread.
        assertThat(alice.events).extracting(JavaUser.Event::thread).containsOnly("parley-rtc-callbacks");

        call[0].hangUp(Map.of("bye", "now")).get(10, TimeUnit.SECONDS);
        assertThat(bob.waitEvent("hangUp", alice.id()).userInfo()).containsEntry("bye", "now");
        bob.waitEvent("closed", 0);
        assertThat(call[1].getState()).isEqualTo(RTCSessionState.CLOSED);
        assertThat(call[1].getPeerState(alice.id())).isEqualTo(RTCConnectionState.HANG_UP);
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CLOSED);
    }

    @Test
    void calleeHangsUpAndUpdateCarriesUserInfo() throws Exception {
        JavaUser alice = user();
        JavaUser bob = user();
        RTCSession[] call = connect(alice, bob);
        call[0].update(Map.of("videoFilter", "sepia")).get(10, TimeUnit.SECONDS);
        assertThat(bob.waitEvent("update", alice.id()).userInfo()).containsEntry("videoFilter", "sepia");
        call[1].hangUp(Map.of()).get(10, TimeUnit.SECONDS);
        alice.waitEvent("hangUp", bob.id());
        alice.waitEvent("closed", 0);
        assertThat(call[0].getPeerState(bob.id())).isEqualTo(RTCConnectionState.HANG_UP);
    }

    @Test
    void rejectReachesTheCallerWithUserInfo() throws Exception {
        JavaUser alice = user();
        JavaUser bob = user();
        RTCSession outgoing = alice.call(Map.of(), ConferenceType.AUDIO, bob);
        bob.waitEvent("new", alice.id());
        assertThat(bob.last().getConferenceType()).isEqualTo(ConferenceType.AUDIO);
        bob.last().rejectCall(Map.of("reason", "in a meeting")).get(10, TimeUnit.SECONDS);
        assertThat(alice.waitEvent("reject", bob.id()).userInfo()).containsEntry("reason", "in a meeting");
        alice.waitEvent("closed", 0);
        assertThat(outgoing.getPeerState(bob.id())).isEqualTo(RTCConnectionState.REJECT);
        assertThat(bob.last().getState()).isEqualTo(RTCSessionState.CLOSED);
    }

    @Test
    void unansweredCallIsRedialedThenReportedNotAnswered() throws Exception {
        JavaUser alice = user(c -> c.setAnswerTimeInterval(7).setDialingTimeInterval(3));
        JavaUser bob = user();
        RTCSession outgoing = alice.call(Map.of(), ConferenceType.VIDEO, bob);
        JavaUser.Event notAnswer = alice.waitEvent("notAnswer", bob.id());
        assertThat(notAnswer.detail()).as("calls at 0, 3 and 6 s").isEqualTo(3);
        alice.waitEvent("closed", 0);
        assertThat(outgoing.getPeerState(bob.id())).isEqualTo(RTCConnectionState.NOT_ANSWER);
        assertThat(bob.count("new")).as("re-sent calls ring once").isEqualTo(1);
        assertThat(bob.waitEvent("hangUp", alice.id()).userInfo()).containsEntry("reason", "no_answer");
        bob.waitEvent("closed", 0);
    }

    @Test
    void muteIsSeenByTheRemoteSide() throws Exception {
        JavaUser alice = user();
        JavaUser bob = user();
        RTCSession[] call = connect(alice, bob);
        assertMediaFrom(bob, alice);
        bob.waitFor(() -> Optional.ofNullable(bob.remoteLuma.get(alice.id())).filter(l -> l > 30), "a bright picture");

        call[0].setVideoEnabled(false).get(5, TimeUnit.SECONDS);
        bob.waitFor(() -> Optional.ofNullable(bob.remoteLuma.get(alice.id())).filter(l -> l < 20), "black frames");
        call[0].setVideoEnabled(true).get(5, TimeUnit.SECONDS);
        bob.waitFor(() -> Optional.ofNullable(bob.remoteLuma.get(alice.id())).filter(l -> l > 30), "the picture back");

        // A muted microphone sends silence, which Opus encodes in a few bytes: the received audio
        // bitrate collapses. (The level itself needs decoded audio; see docs/sdk-java.md.)
        double sounding = bob.waitStats(alice.id(), r -> r.audioBitrateKbps() > 15, "a sounding microphone").audioBitrateKbps();
        call[0].setAudioEnabled(false).get(5, TimeUnit.SECONDS);
        bob.waitStats(alice.id(), r -> r.audioBitrateKbps() < sounding / 3, "silence (bitrate below a third of " + sounding + ")");
        call[0].setAudioEnabled(true).get(5, TimeUnit.SECONDS);
        bob.waitStats(alice.id(), r -> r.audioBitrateKbps() > 15, "sound again");
    }

    @Test
    void iceRestartReconnectsAfterTheNetworkIsCutBriefly() throws Exception {
        JavaUser alice = user();
        JavaUser bob = user();
        RTCSession[] call = connect(alice, bob);
        assertMediaFrom(bob, alice);
        Network.cut();
        try {
            alice.waitEvent("peer DISCONNECTED", bob.id());
            Thread.sleep(2_000);
        } finally {
            Network.restore();
        }
        alice.waitFor(() -> Optional.of(call[0]).filter(s -> s.getPeerState(bob.id()) == RTCConnectionState.CONNECTED
                && s.getIceRestarts(bob.id()) > 0), "CONNECTED again after an ICE restart");
        long before = bob.lastStats.get(alice.id()).framesDecoded();
        bob.waitStats(alice.id(), r -> r.framesDecoded() > before + 15, "frames after the restart");
        assertThat(call[0].getState()).isEqualTo(RTCSessionState.CONNECTING);
    }

    /** The namespace's two addresses: deleting them cuts every media path (see netns-run). */
    static final class Network {
        private static final String[][] LINKS = {
                {System.getenv("PARLEY_ADDR_A") + "/24", System.getenv("PARLEY_LINK_A")},
                {System.getenv("PARLEY_ADDR_B") + "/24", System.getenv("PARLEY_LINK_B")}};

        static void cut() throws IOException, InterruptedException {
            for (String[] link : LINKS) ip("addr", "del", link[0], "dev", link[1]);
        }

        static void restore() throws IOException, InterruptedException {
            for (String[] link : LINKS) ip("addr", "add", link[0], "dev", link[1]);
        }

        private static void ip(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + " failed: " + new String(process.getInputStream().readAllBytes()));
            }
        }
    }
}
