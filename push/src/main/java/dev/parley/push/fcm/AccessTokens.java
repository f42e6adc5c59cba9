package dev.parley.push.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.push.BoundedBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 access tokens for service accounts (RFC 7523 §2.1, as Google's token endpoint takes them): a JWT
 * assertion signed RS256 with the account's key, {@code iss} the account, {@code aud} the token endpoint,
 * {@code scope} FCM's, valid one hour, exchanged for a bearer token that is cached until five minutes before it
 * expires. One cached token per service account. Thread-safe.
 */
final class AccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final int MAX_ANSWER = 64 * 1024;

    private record Token(String value, Instant expiresAt) {
    }

    private final HttpClientAgent client;
    private final URI tokenUri;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    AccessTokens(HttpClientAgent client, URI tokenUri, Clock clock, Duration timeout) {
        this.client = client;
        this.tokenUri = tokenUri;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A valid token for the account: the cached one, or a new one. */
    Future<String> token(ServiceAccount account) {
        Token cached = tokens.get(key(account));
        if (cached != null && clock.instant().plus(REFRESH_MARGIN).isBefore(cached.expiresAt())) {
            return Future.succeededFuture(cached.value());
        }
        String form;
        try {
            form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                    + "&assertion=" + assertion(account, clock.instant());
        } catch (GeneralSecurityException e) {
            return Future.failedFuture(e);
        }
        boolean https = tokenUri.getScheme().equalsIgnoreCase("https");
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(tokenUri.toString())
                .setSsl(https).setFollowRedirects(false).setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/x-www-form-urlencoded");
        return client.request(request).compose(r -> r.send(Buffer.buffer(form)))
                .compose(response -> BoundedBody.read(response, MAX_ANSWER).compose(body -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture("the token endpoint answered " + response.statusCode() + ": "
                                + body.toString(StandardCharsets.UTF_8));
                    }
                    try {
                        JsonNode json = Json.MAPPER.readTree(body.getBytes());
                        String value = json.path("access_token").asText("");
                        if (value.isEmpty()) {
                            return Future.failedFuture("the token endpoint's answer has no access_token");
                        }
                        Token token = new Token(value, clock.instant().plusSeconds(json.path("expires_in").asLong(3600)));
                        tokens.put(key(account), token);
                        return Future.succeededFuture(value);
                    } catch (java.io.IOException e) {
                        return Future.failedFuture("the token endpoint's answer is not JSON");
                    }
                }));
    }

    /** Forgets the account's token (FCM refused it). */
    void invalidate(ServiceAccount account) {
        tokens.remove(key(account));
    }

    String assertion(ServiceAccount account, Instant now) throws GeneralSecurityException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (account.privateKeyId() != null) {
            header.put("kid", account.privateKeyId());
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri.toString());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
        String input = part(Json.write(header)) + "." + part(Json.write(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(account.privateKey());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String part(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String key(ServiceAccount account) {
        return account.projectId() + "/" + account.clientEmail() + "/" + account.privateKeyId();
    }
}
