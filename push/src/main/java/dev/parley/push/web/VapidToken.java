package dev.parley.push.web;

import dev.parley.common.json.Json;
import dev.parley.common.security.P256Keys;
import dev.parley.storage.model.PushCredentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Voluntary application server identification (VAPID, RFC 8292): a JWT signed with ES256 by the application's key,
 * whose {@code aud} is the push service's origin, {@code exp} at most 24 hours ahead (§2) and {@code sub} the
 * operator's contact when set, sent as {@code Authorization: vapid t=<jwt>, k=<public key>} (§3). Stateless.
 */
public final class VapidToken {

    /** How long a token is valid: under the 24 hours RFC 8292 §2 allows. */
    static final Duration LIFETIME = Duration.ofHours(12);

    private VapidToken() {
    }

    /** The {@code Authorization} header value for a request to {@code endpoint}. */
    public static String authorization(URI endpoint, PushCredentials.Vapid vapid, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "ES256");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", origin(endpoint));
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        if (vapid.subject() != null) {
            claims.put("sub", vapid.subject());
        }
        String signingInput = part(Json.write(header)) + "." + part(Json.write(claims));
        try {
            // JWS ES256 signatures are R || S, 64 bytes (RFC 7518 §3.4): the JDK's P1363 format.
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(P256Keys.decodePrivate(P256Keys.fromBase64Url(vapid.privateKey())));
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + P256Keys.base64Url(signature.sign()) + ", k=" + vapid.publicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a VAPID token: " + e.getMessage(), e);
        }
    }

    /** The origin of a URL (RFC 6454 §6.2): scheme, host and a non-default port. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String part(String json) {
        return P256Keys.base64Url(json.getBytes(StandardCharsets.UTF_8));
    }
}
