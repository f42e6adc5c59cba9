package dev.parley.sdk.conference;

import dev.parley.sdk.call.FakeEngine;
import dev.parley.sdk.call.FakeScheduler;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.media.IceServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which STUN/TURN servers a conference's connections get: the config's, else the client's default. */
class ConferenceIceServersTest {

    static final IceServer STUN = new IceServer(List.of("stun:stun.example.com"), null, null);
    static final IceServer TURN = new IceServer(List.of("turn:turn.example.com"), "1767225600:5", "c2VjcmV0");

    static ConferenceClient client(RTCConfig config, List<IceServer> defaults, AtomicInteger asked) {
        return new ConferenceClient(thread -> CompletableFuture.completedFuture(new FakeJanus()), new FakeEngine("me"), config,
                new RTCMediaConfig(), new FakeScheduler(), Runnable::run, 30_000, () -> {
                    asked.incrementAndGet();
                    return defaults;
                });
    }

    @Test
    void withoutServersInTheConfigEachConnectionAsksTheDefault() {
        AtomicInteger asked = new AtomicInteger();
        ConferenceClient client = client(new RTCConfig(), List.of(TURN), asked);

        assertThat(client.peerOptions().iceServers()).containsExactly(TURN);
        assertThat(client.peerOptions().iceServers()).containsExactly(TURN);
        assertThat(asked).hasValue(2);
    }

    @Test
    void serversInTheConfigReplaceTheDefault() {
        AtomicInteger asked = new AtomicInteger();
        ConferenceClient client = client(new RTCConfig().setIceServers(List.of(STUN)), List.of(TURN), asked);

        assertThat(client.peerOptions().iceServers()).containsExactly(STUN);
        assertThat(asked).hasValue(0);
    }
}
