package dev.parley.chat.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 4616 §2 message decoding and Parley's authcid forms (docs/protocol.md §3.1). */
class SaslPlainTest {

    private static String encode(String message) {
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAuthzidAuthcidAndPassword() {
        SaslPlain plain = SaslPlain.decode(encode("12-3@parley.local\u000012-3\u0000sécret")).orElseThrow();
        assertThat(plain.authzid()).isEqualTo("12-3@parley.local");
        assertThat(plain.authcid()).isEqualTo("12-3");
        assertThat(plain.password()).isEqualTo("sécret");
    }

    @Test
    void authcidNamesUserAndApplicationOrLenientlyTheUserAlone() {
        assertThat(SaslPlain.decode(encode("\u000012-3\u0000p")).orElseThrow().subject())
                .contains(new SaslPlain.Subject(12, Optional.of(3L)));
        assertThat(SaslPlain.decode(encode("\u000012\u0000p")).orElseThrow().subject())
                .contains(new SaslPlain.Subject(12, Optional.empty()));
        assertThat(SaslPlain.decode(encode("\u000012-3@parley.local\u0000p")).orElseThrow().subject())
                .contains(new SaslPlain.Subject(12, Optional.of(3L)));
        assertThat(SaslPlain.decode(encode("\u0000alice\u0000p")).orElseThrow().subject()).isEmpty();
    }

    @Test
    void refusesMalformedMessages() {
        assertThat(SaslPlain.decode("not base64!")).isEmpty();
        assertThat(SaslPlain.decode(encode("no separators"))).isEmpty();
        assertThat(SaslPlain.decode(encode("\u0000\u0000password"))).as("empty authcid").isEmpty();
        assertThat(SaslPlain.decode(encode("\u0000user\u0000"))).as("empty password").isEmpty();
        assertThat(SaslPlain.decode(encode("a\u0000b\u0000c\u0000d"))).isEmpty();
        assertThat(SaslPlain.decode("A".repeat(10_000))).isEmpty();
        assertThat(SaslPlain.decode(null)).isEmpty();
    }
}
