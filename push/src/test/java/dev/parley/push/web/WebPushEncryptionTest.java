package dev.parley.push.web;

import dev.parley.common.security.P256Keys;
import dev.parley.push.testing.FakePushService;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8291 message encryption, checked against the RFC's own example (Appendix A). */
class WebPushEncryptionTest {

    static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    static final String AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWA"
            + "mS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    static KeyPair pair(String privateScalar, String publicPoint) throws Exception {
        ECPublicKey publicKey = P256Keys.decodePoint(P256Keys.fromBase64Url(publicPoint));
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, P256Keys.fromBase64Url(privateScalar)), publicKey.getParams()));
        return new KeyPair(publicKey, privateKey);
    }

    @Test
    void reproducesTheRfc8291AppendixAMessageByteForByte() throws Exception {
        byte[] body = WebPushEncryption.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8),
                P256Keys.fromBase64Url(UA_PUBLIC), P256Keys.fromBase64Url(AUTH), pair(AS_PRIVATE, AS_PUBLIC),
                P256Keys.fromBase64Url(SALT));
        assertThat(P256Keys.base64Url(body)).isEqualTo(BODY);
    }

    @Test
    void theTestPushServiceDecryptsTheRfcExampleAndFreshMessages() throws Exception {
        KeyPair ua = pair(UA_PRIVATE, UA_PUBLIC);
        assertThat(new String(FakePushService.decrypt(P256Keys.fromBase64Url(BODY), ua, P256Keys.fromBase64Url(AUTH)),
                StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);

        byte[] fresh = WebPushEncryption.encrypt("{\"data\":{}}".getBytes(StandardCharsets.UTF_8),
                P256Keys.fromBase64Url(UA_PUBLIC), P256Keys.fromBase64Url(AUTH));
        assertThat(new String(FakePushService.decrypt(fresh, ua, P256Keys.fromBase64Url(AUTH)), StandardCharsets.UTF_8))
                .isEqualTo("{\"data\":{}}");
        byte[] other = WebPushEncryption.encrypt("{\"data\":{}}".getBytes(StandardCharsets.UTF_8),
                P256Keys.fromBase64Url(UA_PUBLIC), P256Keys.fromBase64Url(AUTH));
        assertThat(other).as("a fresh salt and key each time").isNotEqualTo(fresh);
    }

    @Test
    void refusesAPayloadLargerThanOneRecord() {
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT + 1],
                P256Keys.fromBase64Url(UA_PUBLIC), P256Keys.fromBase64Url(AUTH))).isInstanceOf(IllegalArgumentException.class);
    }
}
