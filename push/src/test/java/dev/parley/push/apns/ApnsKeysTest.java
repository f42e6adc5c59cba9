package dev.parley.push.apns;

import dev.parley.common.json.Json;
import dev.parley.push.testing.TestCredentials;
import dev.parley.storage.model.PushCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** APNs token-authentication credentials, checked before they are stored. */
class ApnsKeysTest {

    @Test
    void acceptsAnAppleP8KeyWithItsIds() {
        TestCredentials.ApnsKey key = TestCredentials.apnsKey();
        PushCredentials.Apns apns = ApnsKeys.check(key.p8(), "abc123defg", "TEAM123456", "com.example.calls", true);
        assertThat(apns.keyId()).isEqualTo("ABC123DEFG");
        assertThat(apns.sandbox()).isTrue();
        assertThat(ApnsKeys.signingKey(apns.privateKeyPem()).getS()).isEqualTo(
                ((java.security.interfaces.ECPrivateKey) key.pair().getPrivate()).getS());
        assertThat(apns.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void refusesWhatIsNotAP8KeyOrAnAppleId() throws Exception {
        String p8 = TestCredentials.apnsKey().p8();
        assertThatThrownBy(() -> ApnsKeys.check("hello", "ABC123DEFG", "TEAM123456", "com.example", false))
                .hasMessageContaining("not a .p8 file");
        String rsa = TestCredentials.serviceAccount("p", "https://oauth2.googleapis.com/token").json();
        String rsaPem = Json.MAPPER.readTree(rsa).get("private_key").asText();
        assertThatThrownBy(() -> ApnsKeys.check(rsaPem, "ABC123DEFG", "TEAM123456", "com.example", false))
                .hasMessageContaining("not a P-256 private key");
        assertThatThrownBy(() -> ApnsKeys.check(p8, "ABC", "TEAM123456", "com.example", false)).hasMessageContaining("key id");
        assertThatThrownBy(() -> ApnsKeys.check(p8, "ABC123DEFG", "TEAM", "com.example", false)).hasMessageContaining("team id");
        assertThatThrownBy(() -> ApnsKeys.check(p8, "ABC123DEFG", "TEAM123456", "nodots", false)).hasMessageContaining("bundle id");
    }
}
