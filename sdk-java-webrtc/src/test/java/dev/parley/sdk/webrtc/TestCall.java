package dev.parley.sdk.webrtc;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.PeerOptions;

/**
 * A 1:1 call between two synthetic engines in one JVM: Alice offers, Bob answers, candidates are
 * trickled in memory. Needs the test network namespace (WebRTC ignores loopback).
 */
final class TestCall implements AutoCloseable {

    static final PeerOptions NO_ICE_SERVERS = new PeerOptions(List.of(), List.of(), List.of());

    final Party alice;
    final Party bob;
    /** Alice's offer of the last round. */
    volatile String lastOffer;

    private TestCall(Party alice, Party bob) {
        this.alice = alice;
        this.bob = bob;
    }

    /** Both sides send audio and 320x240 video at 15 fps. */
    static TestCall start() throws Exception {
        MediaOptions options = new MediaOptions(true, true, 320, 240, 15, null, null);
        return start(options, options, NO_ICE_SERVERS);
    }

    static TestCall start(MediaOptions aliceMedia, MediaOptions bobMedia, PeerOptions peerOptions) throws Exception {
        Party alice = new Party("alice", WebrtcJavaEngine.synthetic(), aliceMedia, peerOptions);
        Party bob;
        try {
            bob = new Party("bob", WebrtcJavaEngine.synthetic(), bobMedia, peerOptions);
        } catch (MediaException | RuntimeException e) {
            alice.close();
            throw e;
        }
        try {
            return between(alice, bob);
        } catch (Exception | AssertionError e) {
            bob.close();
            alice.close();
            throw e;
        }
    }

    /** Connects two parties: Alice offers, Bob answers; returns once ICE is connected on both sides. */
    static TestCall between(Party alice, Party bob) throws Exception {
        alice.connectTo(bob);
        bob.connectTo(alice);
        TestCall call = new TestCall(alice, bob);
        call.negotiate(false);
        Waits.until("ICE connected on both sides", Waits.MEDIA, () -> List.of(alice.iceStates, bob.iceStates),
                states -> states.stream().allMatch(TestCall::connected));
        return call;
    }

    /** One offer/answer round from Alice; returns Alice's offer. */
    String negotiate(boolean iceRestart) throws Exception {
        String offer = alice.peer.createOffer(iceRestart).get(10, TimeUnit.SECONDS);
        String answer = bob.peer.createAnswer(offer).get(10, TimeUnit.SECONDS);
        bob.remoteDescriptionSet();
        alice.peer.setRemoteAnswer(answer).get(10, TimeUnit.SECONDS);
        alice.remoteDescriptionSet();
        lastOffer = offer;
        return offer;
    }

    private static boolean connected(List<IceConnectionState> states) {
        return !states.isEmpty() && (states.get(states.size() - 1) == IceConnectionState.CONNECTED
                || states.get(states.size() - 1) == IceConnectionState.COMPLETED);
    }

    @Override
    public void close() {
        try {
            alice.close();
        } finally {
            bob.close();
        }
    }
}
