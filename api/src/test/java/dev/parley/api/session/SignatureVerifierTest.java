package dev.parley.api.session;

import dev.parley.common.time.MutableClock;
import dev.parley.api.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureVerifierTest {

    private static final List<String> PAIRS = List.of("user[password]=p w", "timestamp=1700000000", "application_id=7",
            "auth_key=key", "nonce=42", "user[login]=bob");
    // Computed independently: python3 hmac.new(b'secret', text, hashlib.sha1 / sha256).hexdigest() over
    // "application_id=7&auth_key=key&nonce=42&timestamp=1700000000&user[login]=bob&user[password]=p w"
    private static final String SHA1 = "db39a34a69d1bb733cbbc98942185fba269be4c8";
    private static final String SHA256 = "56fd2f6cbc852875aaa16abee5270002f406eda3c4f1068c872dd2ea250f8bb9";

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1700000000L));

    @Test
    void canonicalTextSortsThePairs() {
        assertThat(SignatureVerifier.canonical(PAIRS))
                .isEqualTo("application_id=7&auth_key=key&nonce=42&timestamp=1700000000&user[login]=bob&user[password]=p w");
    }

    @Test
    void acceptsHmacSha1AndSha256InAnyCase() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(10), 100);
        assertThatCode(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA256.toUpperCase()))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAWrongSecretOrAlteredParameter() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(10), 100);
        assertThatThrownBy(() -> verifier.verify(7, "other", PAIRS, "1700000000", SHA1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        List<String> altered = List.of("user[password]=p w", "timestamp=1700000000", "application_id=7", "auth_key=key",
                "nonce=43", "user[login]=bob");
        assertThatThrownBy(() -> verifier.verify(7, "secret", altered, "1700000000", SHA1)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", "abc")).isInstanceOf(ApiException.class);
    }

    @Test
    void refusesTimestampsOutsideTheSkewEitherWay() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(10), 100);
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).containsKey("timestamp");
                });
        MutableClock early = new MutableClock(Instant.ofEpochSecond(1700000000L - 601));
        assertThatThrownBy(() -> new SignatureVerifier(early, Duration.ofMinutes(10), 100)
                .verify(7, "secret", PAIRS, "1700000000", SHA1)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "soon", SHA1)).isInstanceOf(ApiException.class);
    }

    @Test
    void refusesAReplayUntilItExpiresFromTheCache() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(10), 100);
        verifier.verify(7, "secret", PAIRS, "1700000000", SHA1);
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1))
                .hasMessageContaining("already been used");
        // Another application with the same secret and text is a different request.
        assertThatCode(() -> verifier.verify(8, "secret", PAIRS, "1700000000", SHA1)).doesNotThrowAnyException();
    }

    @Test
    void replayCacheIsBounded() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofMinutes(10), 1);
        verifier.verify(7, "secret", PAIRS, "1700000000", SHA1);
        verifier.verify(7, "secret", PAIRS, "1700000000", SHA256);
        // The oldest entry was evicted to keep the bound, so it is accepted again.
        assertThatCode(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1)).doesNotThrowAnyException();
    }

    @Test
    void remembersASignatureUntilItsTimestampCanNoLongerBeAccepted() {
        long ts = 1700000000L;
        MutableClock edge = new MutableClock(Instant.ofEpochMilli((ts - 3) * 1000 - 1));
        SignatureVerifier verifier = new SignatureVerifier(edge, Duration.ofSeconds(3), 100);
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("timestamp"));
        // The first millisecond at which the timestamp is within 3 s of the clock, rounded down to seconds.
        edge.advance(Duration.ofMillis(1));
        verifier.verify(7, "secret", PAIRS, "1700000000", SHA1);
        // The last millisecond at which it is: (ts + 3) s plus the 999 ms that whole-second rounding adds.
        edge.advance(Duration.ofMillis(7 * 1000 - 1));
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1))
                .hasMessageContaining("already been used");
        edge.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> verifier.verify(7, "secret", PAIRS, "1700000000", SHA1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("timestamp"));
    }

    @Test
    void aFullCacheForgetsTheSignatureWhoseTimestampExpiresFirst() {
        SignatureVerifier verifier = new SignatureVerifier(clock, Duration.ofSeconds(3), 1);
        List<String> later = signedPairs(1700000003L);
        List<String> sooner = signedPairs(1699999997L);
        verifier.verify(7, "secret", later, "1700000003", sign(later));
        verifier.verify(7, "secret", sooner, "1699999997", sign(sooner));
        assertThatThrownBy(() -> verifier.verify(7, "secret", later, "1700000003", sign(later)))
                .hasMessageContaining("already been used");
        assertThatCode(() -> verifier.verify(7, "secret", sooner, "1699999997", sign(sooner))).doesNotThrowAnyException();
    }

    private static List<String> signedPairs(long timestamp) {
        return List.of("application_id=7", "auth_key=key", "nonce=42", "timestamp=" + timestamp);
    }

    private static String sign(List<String> pairs) {
        return SignatureVerifier.hmacHex("HmacSHA256", "secret", SignatureVerifier.canonical(pairs));
    }
}
