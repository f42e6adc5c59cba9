package dev.parley.common.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses a server may be asked to call (RFC 6890 special-purpose registries). */
class PublicAddressesTest {

    private static boolean isPublic(String literal) throws UnknownHostException {
        return PublicAddresses.isPublic(InetAddress.getByName(literal));
    }

    @Test
    void publicUnicastAddressesAreAllowed() throws UnknownHostException {
        for (String address : List.of("8.8.8.8", "142.250.185.74", "17.188.168.12", "2a00:1450:4001:82b::200a",
                "2606:4700::6810:84e5", "::ffff:8.8.8.8", "64:ff9b::808:808")) {
            assertThat(isPublic(address)).as(address).isTrue();
        }
    }

    @Test
    void loopbackPrivateLinkLocalAndSpecialBlocksAreRefused() throws UnknownHostException {
        for (String address : List.of("127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.254",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "198.18.0.1", "198.19.255.1", "192.0.2.1", "198.51.100.7",
                "203.0.113.9", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1",
                "fd12:3456::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
                "2002:a00:1::1", "::127.0.0.1")) {
            assertThat(isPublic(address)).as(address).isFalse();
        }
    }

    @Test
    void literalsAreRecognisedWithoutALookup() {
        assertThat(PublicAddresses.literal("127.0.0.1")).isNotNull();
        assertThat(PublicAddresses.literal("[::1]")).isNotNull();
        assertThat(PublicAddresses.literal("push.example.com")).isNull();
        assertThat(PublicAddresses.literal("localhost")).isNull();
    }
}
