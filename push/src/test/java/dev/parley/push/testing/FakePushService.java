package dev.parley.push.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import dev.parley.common.security.P256Keys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local RFC 8030 push service that checks what a real one checks: a POST to a known subscription's resource,
 * {@code TTL} (§5.2), {@code Content-Encoding: aes128gcm}, and a VAPID token (RFC 8292) whose ES256 signature holds
 * for the key in {@code k}, whose {@code aud} is this service's origin and whose {@code exp} is within 24 hours; a
 * request failing any of these gets 400 or 401 and is not delivered. The payload is decrypted (RFC 8291) with the
 * subscription's private key, as the browser would. Each subscription can be made to answer another status
 * (410 gone, 503 outage, 301 redirect). Binds to 127.0.0.1. Thread-safe.
 */
public final class FakePushService implements AutoCloseable {

    /** A browser's subscription: the endpoint and keys it gives the application, and its private key. */
    public record Subscription(String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] authSecret) {
    }

    /** A push the service accepted: its decrypted payload and headers. */
    public record Received(String subscriptionId, String payload, Map<String, String> headers, String vapidPublicKey) {

        /** The payload's {@code data} object, as a service worker reads {@code event.data.json().data}. */
        public Map<String, Object> data() {
            try {
                Map<String, Object> json = Json.MAPPER.readValue(payload, new TypeReference<>() {
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) json.get("data");
                return data;
            } catch (java.io.IOException e) {
                throw new AssertionError("payload is not JSON: " + payload, e);
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile Consumer<Received> listener = received -> {
    };
    private volatile int defaultAnswer = 201;

    public FakePushService() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake push service", e);
        }
    }

    /** Called with each accepted push as it arrives, on the service's thread (the push benchmark times arrivals). */
    public void onReceived(Consumer<Received> listener) {
        this.listener = listener;
    }

    public String origin() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** A new browser subscription on this service. */
    public Subscription subscribe() {
        String id = Long.toHexString(RANDOM.nextLong());
        KeyPair keys = P256Keys.generate();
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        Subscription subscription = new Subscription(id, origin() + "/push/" + id,
                P256Keys.base64Url(P256Keys.encodePoint((ECPublicKey) keys.getPublic())), P256Keys.base64Url(auth), keys, auth);
        subscriptions.put(id, subscription);
        return subscription;
    }

    /** Makes one subscription's resource answer {@code status} from now on. */
    public void answer(Subscription subscription, int status) {
        answers.put(subscription.id(), status);
    }

    /** Makes every resource answer {@code status} (503 for an outage), or 201 again. */
    public void answerAll(int status) {
        defaultAnswer = status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Why requests were refused (bad VAPID token, missing header...). */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            String id = path.startsWith("/push/") ? path.substring("/push/".length()) : "";
            Subscription subscription = subscriptions.get(id);
            if (!request.method().name().equals("POST") || subscription == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            int status = answers.getOrDefault(id, defaultAnswer);
            if (status == 301) {
                request.response().setStatusCode(301).putHeader("Location", origin() + "/elsewhere").end();
                return;
            }
            if (status != 201) {
                request.response().setStatusCode(status).putHeader("Retry-After", "0").end();
                return;
            }
            String problem = check(request);
            if (problem != null) {
                refusals.add(problem);
                request.response().setStatusCode(problem.startsWith("VAPID") ? 401 : 400).end(problem);
                return;
            }
            String payload;
            try {
                payload = new String(decrypt(body.getBytes(), subscription), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | RuntimeException e) {
                refusals.add("cannot decrypt: " + e);
                request.response().setStatusCode(400).end("cannot decrypt");
                return;
            }
            Map<String, String> headers = new java.util.HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            String vapid = request.getHeader("Authorization").replaceAll(".*k=([A-Za-z0-9_-]+).*", "$1");
            Received taken = new Received(id, payload, headers, vapid);
            received.add(taken);
            listener.accept(taken);
            request.response().setStatusCode(201).putHeader("Location", origin() + "/message/" + id).end();
        });
    }

    /** What a push service checks before it takes a message; null when all is well. */
    private String check(HttpServerRequest request) {
        if (request.getHeader("TTL") == null || !request.getHeader("TTL").matches("[0-9]+")) {
            return "TTL header missing (RFC 8030 §5.2)";
        }
        if (!"aes128gcm".equals(request.getHeader("Content-Encoding"))) {
            return "Content-Encoding is not aes128gcm";
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.matches("vapid t=[A-Za-z0-9_.-]+, k=[A-Za-z0-9_-]+")) {
            return "VAPID: no vapid Authorization";
        }
        String token = authorization.replaceAll("vapid t=([^,]+), k=.*", "$1");
        String key = authorization.replaceAll(".*k=", "");
        String[] parts = token.split("\\.");
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(P256Keys.decodePoint(P256Keys.fromBase64Url(key)));
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(P256Keys.fromBase64Url(parts[2]))) {
                return "VAPID: signature does not verify";
            }
            Map<String, Object> header = Json.MAPPER.readValue(P256Keys.fromBase64Url(parts[0]), new TypeReference<>() {
            });
            Map<String, Object> claims = Json.MAPPER.readValue(P256Keys.fromBase64Url(parts[1]), new TypeReference<>() {
            });
            if (!"ES256".equals(header.get("alg"))) {
                return "VAPID: alg is not ES256";
            }
            if (!origin().equals(claims.get("aud"))) {
                return "VAPID: aud " + claims.get("aud") + " is not " + origin();
            }
            long exp = ((Number) claims.get("exp")).longValue();
            long now = Instant.now().getEpochSecond();
            if (exp <= now || exp > now + 24 * 3600) {
                return "VAPID: exp not within 24 hours";
            }
        } catch (Exception e) {
            return "VAPID: malformed token: " + e;
        }
        return null;
    }

    /** The browser's side of RFC 8291 §3.4 and RFC 8188 §2: one record, its delimiter stripped. */
    public static byte[] decrypt(byte[] body, Subscription subscription) throws GeneralSecurityException {
        return decrypt(body, subscription.keys(), subscription.authSecret());
    }

    public static byte[] decrypt(byte[] body, KeyPair ua, byte[] authSecret) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        in.getInt(); // record size
        byte[] asPublic = new byte[in.get() & 0xff];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(ua.getPrivate());
        agreement.doPhase(P256Keys.decodePoint(asPublic), true);
        byte[] uaPublic = P256Keys.encodePoint((ECPublicKey) ua.getPublic());
        byte[] ikm = expand(hmac(authSecret, agreement.generateSecret()),
                concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic), 32);
        byte[] prk = hmac(salt, ikm);
        byte[] cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
