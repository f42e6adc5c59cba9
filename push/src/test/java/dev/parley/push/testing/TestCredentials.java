package dev.parley.push.testing;

import dev.parley.common.json.Json;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provider credentials made fresh for tests, in the files' real formats: an APNs .p8 (PKCS#8 P-256 in PEM) and a
 * Google service-account JSON key (PKCS#8 RSA in PEM). The key pairs are kept so that fakes can verify signatures.
 */
public final class TestCredentials {

    private TestCredentials() {
    }

    /** An APNs token key: its .p8 text and the pair (the fake APNs server verifies with the public half). */
    public record ApnsKey(String p8, KeyPair pair) {
    }

    /** A service account: its JSON key file and the pair (the fake token endpoint verifies with the public half). */
    public record ServiceAccountKey(String json, KeyPair pair, String clientEmail, String projectId) {
    }

    public static ApnsKey apnsKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new ApnsKey(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param tokenUri the token endpoint the file names */
    public static ServiceAccountKey serviceAccount(String projectId, String tokenUri) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String email = "parley-push@" + projectId + ".iam.gserviceaccount.com";
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "service_account");
            json.put("project_id", projectId);
            json.put("private_key_id", "0123456789abcdef");
            json.put("private_key", pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            json.put("client_email", email);
            json.put("client_id", "1234567890");
            json.put("token_uri", tokenUri);
            return new ServiceAccountKey(Json.writePretty(json), pair, email, projectId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
