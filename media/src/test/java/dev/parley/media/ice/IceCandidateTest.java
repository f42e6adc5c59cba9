package dev.parley.media.ice;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IceCandidateTest {

    @Test
    void hostCandidatesFollowTheRecommendedPriorityFormula() {
        IceCandidate first = IceCandidate.host(0, new InetSocketAddress("198.18.0.1", 40000));
        IceCandidate second = IceCandidate.host(1, new InetSocketAddress("2001:db8::1", 40000));

        // RFC 8445 §5.1.2.1 with type preference 126, local preference 65535, component 1.
        assertThat(first.priority()).isEqualTo(2130706431L);
        assertThat(second.priority()).isLessThan(first.priority());
        assertThat(first.sdpAttribute()).isEqualTo("candidate:1 1 udp 2130706431 198.18.0.1 40000 typ host");
        assertThat(second.sdpAttribute()).isEqualTo("candidate:2 1 udp 2130706175 2001:db8:0:0:0:0:0:1 40000 typ host");
    }

    @Test
    void passiveTcpCandidatesComeBelowEveryUdpOne() {
        IceCandidate tcp = IceCandidate.passiveTcp(0, new InetSocketAddress("198.18.0.1", 40000));
        IceCandidate lastUdp = IceCandidate.host(255, new InetSocketAddress("198.18.0.1", 40000));

        // RFC 6544 §4.2: type preference 90, local preference 2^13 × 4 (passive) + 8191, component 1.
        assertThat(tcp.priority()).isEqualTo(1520435199L).isLessThan(lastUdp.priority());
        assertThat(tcp.sdpAttribute()).isEqualTo("candidate:t1 1 tcp 1520435199 198.18.0.1 40000 typ host tcptype passive");
        assertThat(IceCandidate.passiveTcp(1, new InetSocketAddress("198.18.0.2", 40000)).priority()).isLessThan(tcp.priority());
    }

    @Test
    void randomCredentialsAreIceLegalAndDistinct() {
        IceCredentials a = IceCredentials.random();
        IceCredentials b = IceCredentials.random();
        assertThat(a.ufrag()).hasSize(8).matches("[A-Za-z0-9]+");
        assertThat(a.pwd()).hasSize(24).matches("[A-Za-z0-9]+");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.toString()).doesNotContain(a.pwd());
    }

    @Test
    void credentialsOutsideIceCharsAreRefused() {
        assertThatThrownBy(() -> new IceCredentials("abc", "0123456789012345678901")).hasMessageContaining("4 to 256");
        assertThatThrownBy(() -> new IceCredentials("ab:c", "0123456789012345678901")).hasMessageContaining("outside");
        assertThatThrownBy(() -> new IceCredentials("abcd", "short")).hasMessageContaining("22 to 256");
    }
}
