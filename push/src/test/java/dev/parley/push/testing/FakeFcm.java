package dev.parley.push.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local Google OAuth 2.0 token endpoint and FCM HTTP v1 endpoint that check what Google checks. The token
 * endpoint ({@code POST /token}) takes a JWT-bearer grant (RFC 7523) whose RS256 signature holds for the service
 * account's public key, with {@code iss} the account, {@code aud} this endpoint, the FCM scope and at most an hour
 * of validity, and answers an access token. The send endpoint ({@code POST /v1/projects/{id}/messages:send})
 * wants one of those tokens for the account's project and a {@code message} with a {@code token}, string-valued
 * {@code data} and a valid {@code android.priority}; it answers {@code UNREGISTERED} for tokens made gone, and
 * 503 during an outage. Binds to 127.0.0.1. Thread-safe.
 */
public final class FakeFcm implements AutoCloseable {

    /** A message FCM accepted, for the device with {@code token}. */
    public record Received(String token, Map<String, Object> message) {

        @SuppressWarnings("unchecked")
        public Map<String, String> data() {
            return (Map<String, String>) message.get("data");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> android() {
            return (Map<String, Object>) message.get("android");
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final String projectId;
    private final String clientEmail;
    private final PublicKey accountKey;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile Consumer<Received> listener = received -> {
    };
    private volatile boolean outage;
    private volatile int tokensIssued;

    public FakeFcm(TestCredentials.ServiceAccountKey account) {
        this.projectId = account.projectId();
        this.clientEmail = account.clientEmail();
        this.accountKey = account.pair().getPublic();
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake FCM", e);
        }
    }

    /** Called with each accepted push as it arrives, on the service's thread (the push benchmark times arrivals). */
    public void onReceived(Consumer<Received> listener) {
        this.listener = listener;
    }

    public String origin() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public String tokenUri() {
        return origin() + "/token";
    }

    public void makeGone(String deviceToken) {
        gone.add(deviceToken);
    }

    public void outage(boolean down) {
        outage = down;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public int tokensIssued() {
        return tokensIssued;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            if (outage) {
                request.response().setStatusCode(503).putHeader("Retry-After", "0").end();
            } else if (request.path().equals("/token")) {
                token(request, body);
            } else if (request.path().equals("/v1/projects/" + projectId + "/messages:send")) {
                send(request, body);
            } else {
                request.response().setStatusCode(404).end();
            }
        });
    }

    private void token(HttpServerRequest request, Buffer body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            form.add(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1],
                    StandardCharsets.UTF_8) : "");
        }
        String problem = checkAssertion(form);
        if (problem != null) {
            refusals.add(problem);
            request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
            return;
        }
        String token = "ya29.fake-" + Long.toHexString(System.nanoTime());
        accessTokens.add(token);
        tokensIssued++;
        request.response().putHeader("Content-Type", "application/json")
                .end(Json.write(Map.of("access_token", token, "expires_in", 3599, "token_type", "Bearer")));
    }

    private String checkAssertion(MultiMap form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "grant_type is not jwt-bearer";
        }
        String[] jwt = String.valueOf(form.get("assertion")).split("\\.");
        if (jwt.length != 3) {
            return "assertion is not a JWT";
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(accountKey);
            verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "assertion signature does not verify";
            }
            Map<String, Object> header = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(jwt[0]), new TypeReference<>() {
            });
            Map<String, Object> claims = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(jwt[1]), new TypeReference<>() {
            });
            long now = Instant.now().getEpochSecond();
            long iat = ((Number) claims.get("iat")).longValue();
            long exp = ((Number) claims.get("exp")).longValue();
            if (!"RS256".equals(header.get("alg"))) {
                return "alg is not RS256";
            }
            if (!clientEmail.equals(claims.get("iss"))) {
                return "iss is not the service account";
            }
            if (!tokenUri().equals(claims.get("aud"))) {
                return "aud " + claims.get("aud") + " is not " + tokenUri();
            }
            if (!String.valueOf(claims.get("scope")).contains("https://www.googleapis.com/auth/firebase.messaging")) {
                return "scope lacks firebase.messaging";
            }
            if (exp - iat > 3600 || exp < now || iat > now + 300) {
                return "iat/exp out of range";
            }
        } catch (Exception e) {
            return "malformed assertion: " + e;
        }
        return null;
    }

    private void send(HttpServerRequest request, Buffer body) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !accessTokens.contains(authorization.substring(7))) {
            refusals.add("no valid access token");
            request.response().setStatusCode(401).end(error(401, "UNAUTHENTICATED", null));
            return;
        }
        Map<String, Object> message;
        try {
            Map<String, Object> json = Json.MAPPER.readValue(body.getBytes(), new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) json.get("message");
            message = m;
        } catch (Exception e) {
            message = null;
        }
        String problem = message == null ? "no message" : checkMessage(message);
        if (problem != null) {
            refusals.add(problem);
            request.response().setStatusCode(400).end(error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
            return;
        }
        String deviceToken = (String) message.get("token");
        if (gone.contains(deviceToken)) {
            request.response().setStatusCode(404).end(error(404, "NOT_FOUND", "UNREGISTERED"));
            return;
        }
        Received taken = new Received(deviceToken, message);
        received.add(taken);
        listener.accept(taken);
        request.response().putHeader("Content-Type", "application/json")
                .end(Json.write(Map.of("name", "projects/" + projectId + "/messages/" + System.nanoTime())));
    }

    private static String checkMessage(Map<String, Object> message) {
        if (!(message.get("token") instanceof String token) || token.isEmpty()) {
            return "message.token missing";
        }
        if (message.get("data") instanceof Map<?, ?> data) {
            for (Object value : data.values()) {
                if (!(value instanceof String)) {
                    return "data values must be strings";
                }
            }
        }
        if (message.get("android") instanceof Map<?, ?> android && android.get("priority") != null
                && !List.of("high", "normal", "HIGH", "NORMAL").contains(android.get("priority"))) {
            return "android.priority invalid";
        }
        if (message.get("android") instanceof Map<?, ?> android && android.get("ttl") != null
                && !String.valueOf(android.get("ttl")).matches("[0-9]+(\\.[0-9]+)?s")) {
            return "android.ttl is not a duration";
        }
        return null;
    }

    private static String error(int code, String status, String fcmCode) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("message", status);
        error.put("status", status);
        if (fcmCode != null) {
            error.put("details", List.of(Map.of("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                    "errorCode", fcmCode)));
        }
        return Json.write(Map.of("error", error));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
