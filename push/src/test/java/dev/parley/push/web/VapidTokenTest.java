package dev.parley.push.web;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import dev.parley.common.security.P256Keys;
import dev.parley.storage.model.PushCredentials;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8292 VAPID tokens. */
class VapidTokenTest {

    @Test
    void anEs256TokenForThePushServicesOriginThatVerifiesWithThePublicKey() throws Exception {
        KeyPair pair = P256Keys.generate();
        String publicKey = P256Keys.base64Url(P256Keys.encodePoint((ECPublicKey) pair.getPublic()));
        PushCredentials.Vapid vapid = new PushCredentials.Vapid(publicKey, P256Keys.base64Url(pair.getPrivate().getEncoded()),
                "mailto:ops@example.com");
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        String header = VapidToken.authorization(URI.create("https://fcm.googleapis.com:443/fcm/send/abc?x=1"), vapid, now);
        assertThat(header).matches("vapid t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+, k=" + publicKey);
        String[] jwt = header.substring("vapid t=".length(), header.indexOf(',')).split("\\.");
        Map<String, Object> claims = Json.MAPPER.readValue(P256Keys.fromBase64Url(jwt[1]), new TypeReference<>() {
        });
        assertThat(claims).containsEntry("aud", "https://fcm.googleapis.com").containsEntry("sub", "mailto:ops@example.com")
                .containsEntry("exp", (int) now.plus(VapidToken.LIFETIME).getEpochSecond());
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pair.getPublic());
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(P256Keys.fromBase64Url(jwt[2]))).isTrue();
    }

    @Test
    void theAudienceKeepsANonDefaultPort() {
        assertThat(VapidToken.origin(URI.create("http://127.0.0.1:9000/push/1"))).isEqualTo("http://127.0.0.1:9000");
        assertThat(VapidToken.origin(URI.create("https://Push.Example.com/x"))).isEqualTo("https://push.example.com");
    }
}
