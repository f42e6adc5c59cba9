package dev.parley.push.fcm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.push.Pem;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * A Google service account, read from the JSON key file Google Cloud's console gives: the project whose FCM
 * sends the messages, the account's e-mail (the {@code iss} of the OAuth 2.0 JWT assertion, RFC 7523), its
 * RSA private key, and the token endpoint it names.
 *
 * @param tokenUri the OAuth 2.0 token endpoint the file names; Parley uses the configured one
 */
public record ServiceAccount(String projectId, String clientEmail, String privateKeyId, RSAPrivateKey privateKey,
                             URI tokenUri) {

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static ServiceAccount parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the service account file is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the service account file is not a JSON object");
        }
        if (!"service_account".equals(node.path("type").asText())) {
            throw new IllegalArgumentException("the file is not a service account key (its \"type\" is not \"service_account\")");
        }
        String projectId = required(node, "project_id");
        String clientEmail = required(node, "client_email");
        String pem = required(node, "private_key");
        RSAPrivateKey key;
        try {
            key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Pem.decode(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("the service account's private_key is not an RSA private key in PEM");
        }
        URI tokenUri;
        try {
            tokenUri = URI.create(node.path("token_uri").asText("https://oauth2.googleapis.com/token"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service account's token_uri is not a URL");
        }
        return new ServiceAccount(projectId, clientEmail, node.path("private_key_id").asText(null), key, tokenUri);
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the service account file has no \"" + field + "\"");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ServiceAccount[projectId=" + projectId + ", clientEmail=" + clientEmail + "]";
    }
}
