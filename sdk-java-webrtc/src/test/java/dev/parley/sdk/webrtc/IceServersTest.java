package dev.parley.sdk.webrtc;

import java.util.List;

import dev.onvoid.webrtc.RTCIceServer;
import dev.parley.sdk.media.IceServer;
import dev.parley.sdk.media.MediaException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IceServersTest {

    @Test
    void passesStunAndTurnServersOn() throws MediaException {
        List<RTCIceServer> converted = IceServers.toNative(List.of(
                new IceServer(List.of("stun:stun.example.org:3478", "stun:[2001:db8::1]"), null, null),
                new IceServer(List.of("turn:198.51.100.7:3478?transport=udp", "turns:turn.example.org"), "user", "secret")));
        assertThat(converted).hasSize(2);
        assertThat(converted.get(1).urls).containsExactly("turn:198.51.100.7:3478?transport=udp", "turns:turn.example.org");
        assertThat(converted.get(1).username).isEqualTo("user");
        assertThat(converted.get(1).password).isEqualTo("secret");
    }

    @Test
    void refusesWhatWebrtcWouldCrashOn() {
        assertThatThrownBy(() -> IceServers.toNative(List.of(new IceServer(List.of("nonsense"), null, null))))
                .isInstanceOf(MediaException.class).hasMessageContaining("nonsense");
        assertThatThrownBy(() -> IceServers.toNative(List.of(new IceServer(List.of("http://example.org"), null, null))))
                .isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> IceServers.toNative(List.of(new IceServer(List.of("turn:example.org"), null, null))))
                .isInstanceOf(MediaException.class).hasMessageContaining("username");
    }
}
