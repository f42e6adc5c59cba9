package dev.parley.sdk.call;

import dev.parley.sdk.media.IceServer;
import dev.parley.sdk.media.IceServerSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which STUN/TURN servers an {@link RTCClient}'s peer connections get: the config's, else the client's default. */
class IceServerSourceTest {

    static final IceServer STUN = new IceServer(List.of("stun:stun.example.com"), null, null);
    static final IceServer TURN = new IceServer(List.of("turn:turn.example.com"), "1767225600:7", "c2VjcmV0");

    static RTCClient client(RTCConfig config, IceServerSource defaultServers) {
        return new RTCClient(null, new FakeEngine("me"), config, new RTCMediaConfig(), new FakeScheduler(), Runnable::run,
                defaultServers);
    }

    @Test
    void theSourceIsAskedForEveryNewPeerConnection() {
        AtomicInteger asked = new AtomicInteger();
        RTCClient client = client(new RTCConfig().setIceServers(() -> {
            asked.incrementAndGet();
            return List.of(TURN);
        }), IceServerSource.of(List.of(STUN)));

        assertThat(client.peerOptions().iceServers()).containsExactly(TURN);
        assertThat(client.peerOptions().iceServers()).containsExactly(TURN);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aFixedListInTheConfigReplacesTheDefault() {
        RTCClient client = client(new RTCConfig().setIceServers(List.of(STUN)), () -> List.of(TURN));

        assertThat(client.peerOptions().iceServers()).containsExactly(STUN);
    }

    @Test
    void withoutServersInTheConfigTheClientsDefaultServes() {
        assertThat(client(new RTCConfig(), () -> List.of(TURN)).peerOptions().iceServers()).containsExactly(TURN);
        assertThat(new RTCConfig().iceServers()).isNull();
    }
}
