package dev.parley.push.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.push.BoundedBody;
import dev.parley.push.Expiry;
import dev.parley.push.PushSender;
import dev.parley.push.SendResult;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * FCM through the HTTP v1 API ({@code POST /v1/projects/{project}/messages:send}) with an OAuth 2.0 token of the
 * application's service account, without the Firebase Admin SDK: the message is a data message whose values are
 * the event's fields as text (FCM data values are strings), {@code android.priority} high for calls so that the
 * device wakes, {@code android.ttl} from the message's {@code expiration} or the default, and a
 * {@code notification} with the text when the message asks for one ({@code android_fcm_notification}). Answers:
 * 200 delivered; {@code UNREGISTERED} gone; 401/403 the token is dropped and the push retried; 429 and 5xx
 * retried; other errors rejected. Thread-safe.
 */
public final class FcmSender implements PushSender {

    private static final int MAX_ANSWER = 64 * 1024;

    private final HttpClientAgent client;
    /** Where every exchange runs (see {@link #send}). */
    private final Context context;
    private final FcmSettings settings;
    private final AccessTokens tokens;
    private final Clock clock;
    private final Duration timeout;
    private final Duration ttl;

    public FcmSender(Vertx vertx, FcmSettings settings, Clock clock, Duration connectTimeout, Duration timeout, Duration ttl) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis())).setMaxRedirects(0));
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.tokens = new AccessTokens(client, settings.tokenUri(), clock, timeout);
        this.clock = clock;
        this.timeout = timeout;
        this.ttl = ttl;
    }

    @Override
    public CompletionStage<SendResult> send(PushDelivery delivery, PushCredentials credentials, PushMessage message) {
        if (credentials.fcm() == null) {
            return CompletableFuture.completedFuture(SendResult.retry(null, "the application has no FCM service account"));
        }
        ServiceAccount account;
        try {
            account = ServiceAccount.parse(credentials.fcm().serviceAccountJson());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(SendResult.rejected(e.getMessage()));
        }
        long ttlSeconds = Expiry.secondsLeft(message, delivery.event().createdAt(), ttl, clock.instant());
        byte[] body = Json.write(Map.of("message", message(delivery.subscription().details().token(), message, ttlSeconds)))
                .getBytes(StandardCharsets.UTF_8);
        String uri = settings.endpoint().toString().replaceAll("/+$", "") + "/v1/projects/" + account.projectId()
                + "/messages:send";
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        // On the client's event loop, so that the answer's handlers are set as it arrives: started from the
        // dispatcher's worker thread, a short answer could end before BoundedBody saw it ("Response already ended").
        context.runOnContext(v -> tokens.token(account)
                .onFailure(e -> result.complete(SendResult.retry(null, "no FCM access token: " + e.getMessage())))
                .onSuccess(token -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                                .setSsl(uri.startsWith("https:")).setFollowRedirects(false).setTimeout(timeout.toMillis())
                                .putHeader("Authorization", "Bearer " + token)
                                .putHeader("Content-Type", "application/json; charset=UTF-8"))
                        .compose(r -> r.send(Buffer.buffer(body)))
                        .compose(response -> BoundedBody.read(response, MAX_ANSWER).map(answer -> {
                            SendResult outcome = classify(response.statusCode(), answer.toString(StandardCharsets.UTF_8),
                                    response.getHeader("Retry-After"));
                            if (response.statusCode() == 401 || response.statusCode() == 403) {
                                tokens.invalidate(account);
                            }
                            return outcome;
                        }))
                        .onSuccess(result::complete)
                        .onFailure(e -> result.complete(SendResult.retry(null, "FCM unreachable: " + e.getMessage())))));
        return result;
    }

    /** The v1 {@code Message} (firebase.google.com/docs/reference/fcm/rest/v1/projects.messages). */
    static Map<String, Object> message(String token, PushMessage message, long ttlSeconds) {
        Map<String, Object> data = new LinkedHashMap<>();
        message.fields().forEach((key, value) -> data.put(key, value instanceof String s ? s : Json.write(value)));
        boolean call = message.voip() || "startCall".equals(message.text("signal_type"));
        Map<String, Object> android = new LinkedHashMap<>();
        android.put("priority", call ? "high" : "normal");
        android.put("ttl", ttlSeconds + "s");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        out.put("data", data);
        out.put("android", android);
        String notify = message.text("android_fcm_notification");
        if (notify != null && (notify.equals("1") || notify.equals("true")) && message.text("message") != null) {
            out.put("notification", Map.of("body", message.text("message")));
        }
        return out;
    }

    /** FCM v1's answers (firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode). */
    static SendResult classify(int status, String body, String retryAfter) {
        if (status == 200) {
            return SendResult.delivered();
        }
        String code = errorCode(body);
        if ("UNREGISTERED".equals(code) || (status == 404 && code == null)) {
            return SendResult.gone("FCM answered " + status + " " + code);
        }
        if (status == 401 || status == 403 || status == 429 || status >= 500) {
            return SendResult.retry(SendResult.parseRetryAfter(retryAfter), "FCM answered " + status + " " + code);
        }
        return SendResult.rejected("FCM answered " + status + " " + code + ": " + body);
    }

    /** The {@code FcmError} code of an error answer, else its status, else null. */
    static String errorCode(String body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            for (JsonNode detail : error.path("details")) {
                if (detail.path("@type").asText().endsWith("google.firebase.fcm.v1.FcmError")) {
                    return detail.path("errorCode").asText(null);
                }
            }
            return error.path("status").asText(null);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
