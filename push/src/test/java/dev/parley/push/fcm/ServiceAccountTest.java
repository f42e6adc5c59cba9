package dev.parley.push.fcm;

import dev.parley.push.testing.TestCredentials;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Google service-account key files. */
class ServiceAccountTest {

    @Test
    void readsTheProjectTheAccountAndItsKey() {
        TestCredentials.ServiceAccountKey key = TestCredentials.serviceAccount("parley-test", "https://oauth2.googleapis.com/token");
        ServiceAccount account = ServiceAccount.parse(key.json());
        assertThat(account.projectId()).isEqualTo("parley-test");
        assertThat(account.clientEmail()).isEqualTo(key.clientEmail());
        assertThat(account.tokenUri()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(account.privateKey().getModulus()).isEqualTo(
                ((java.security.interfaces.RSAPrivateCrtKey) key.pair().getPrivate()).getModulus());
        assertThat(account.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void saysWhatIsWrongWithAFile() {
        assertThatThrownBy(() -> ServiceAccount.parse("{")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ServiceAccount.parse("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ServiceAccount.parse("{\"type\":\"authorized_user\"}")).hasMessageContaining("service_account");
        assertThatThrownBy(() -> ServiceAccount.parse("{\"type\":\"service_account\",\"project_id\":\"p\"}"))
                .hasMessageContaining("client_email");
        assertThatThrownBy(() -> ServiceAccount.parse("{\"type\":\"service_account\",\"project_id\":\"p\","
                + "\"client_email\":\"a@b\",\"private_key\":\"nope\"}")).hasMessageContaining("RSA private key");
    }
}
