package dev.parley.push.web;

import dev.parley.common.json.Json;
import dev.parley.common.net.PublicAddresses;
import dev.parley.common.security.P256Keys;
import dev.parley.push.Expiry;
import dev.parley.push.PushSender;
import dev.parley.push.SendResult;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushMessage;
import dev.parley.storage.model.PushSubscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Web Push (RFC 8030 §5): POSTs the message, encrypted for the browser (RFC 8291), to the subscription's push
 * resource with a VAPID token (RFC 8292), {@code TTL} and, for calls, {@code Urgency: high}. The payload is
 * {@code {"data": {...the message's fields...}}}, what a service worker reads as {@code event.data.json().data}.
 *
 * <p>The endpoint came from a client, so the request is guarded against server-side request forgery: the name is
 * resolved here and every address must be public unless private endpoints are allowed, and the connection goes
 * to the address that was checked (so a second lookup cannot swap it); redirects are not followed; connecting and
 * the whole exchange are timed out, and at most {@link #MAX_RESPONSE_BYTES} of the answer are read. Thread-safe.
 */
public final class WebPushSender implements PushSender {

    /** What is read of a push service's answer: a status line matters, a body does not. */
    static final int MAX_RESPONSE_BYTES = 8 * 1024;

    private final Vertx vertx;
    private final HttpClientAgent client;
    /** Where every exchange runs, so the answer's handlers are set as it arrives (as in FcmSender). */
    private final Context context;
    private final Clock clock;
    private final Duration timeout;
    /** The most one send may take (connecting, then the exchange, and a second's slack) before it is retried. */
    private final long deadlineMillis;
    private final Duration ttl;
    private final boolean allowPrivateEndpoints;

    /**
     * @param ttl                   how long a push service should keep an undelivered message (RFC 8030 §5.2)
     * @param allowPrivateEndpoints admit http and non-public addresses (tests, closed networks)
     */
    public WebPushSender(Vertx vertx, Clock clock, Duration connectTimeout, Duration timeout, Duration ttl,
                         boolean allowPrivateEndpoints) {
        this.vertx = vertx;
        this.deadlineMillis = connectTimeout.plus(timeout).plusSeconds(1).toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxRedirects(0));
        this.context = vertx.getOrCreateContext();
        this.clock = clock;
        this.timeout = timeout;
        this.ttl = ttl;
        this.allowPrivateEndpoints = allowPrivateEndpoints;
    }

    @Override
    public CompletionStage<SendResult> send(PushDelivery delivery, PushCredentials credentials, PushMessage message) {
        PushSubscription.Details subscription = delivery.subscription().details();
        if (credentials.vapid() == null) {
            return CompletableFuture.completedFuture(SendResult.rejected("the application has no VAPID key pair"));
        }
        URI endpoint;
        InetAddress address;
        try {
            endpoint = URI.create(subscription.webEndpoint());
            address = checkedAddress(endpoint);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(SendResult.rejected(e.getMessage()));
        } catch (UnknownHostException e) {
            return CompletableFuture.completedFuture(SendResult.retry(null, "cannot resolve " + e.getMessage()));
        }
        byte[] body;
        try {
            byte[] payload = Json.write(Map.of("data", message.fields())).getBytes(StandardCharsets.UTF_8);
            body = WebPushEncryption.encrypt(payload, P256Keys.fromBase64Url(subscription.webP256dh()),
                    P256Keys.fromBase64Url(subscription.webAuth()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(SendResult.rejected("cannot encrypt for this subscription: "
                    + e.getMessage()));
        }
        boolean https = endpoint.getScheme().equalsIgnoreCase("https");
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : https ? 443 : 80;
        String path = (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
                + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(endpoint.getHost()).setPort(port).setSsl(https).setURI(path)
                .setFollowRedirects(false).setTimeout(timeout.toMillis())
                .putHeader("TTL", String.valueOf(Expiry.secondsLeft(message, delivery.event().createdAt(), ttl,
                        clock.instant())))
                .putHeader("Content-Encoding", "aes128gcm")
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Authorization", VapidToken.authorization(endpoint, credentials.vapid(), clock.instant()));
        if (message.voip() || "startCall".equals(message.text("signal_type"))) {
            request.putHeader("Urgency", "high"); // RFC 8030 §5.3: an incoming call is worth waking the device
        }
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        // The client's own timeouts have left a send unfinished (a connection refused to a port where nothing
        // listens, on a busy machine): whatever happens, the answer comes by the deadline.
        long deadline = vertx.setTimer(deadlineMillis,
                id -> result.complete(SendResult.retry(null, "push service did not answer within " + deadlineMillis + " ms")));
        result.whenComplete((r, e) -> vertx.cancelTimer(deadline));
        context.runOnContext(v -> client.request(request)
                .compose(r -> r.send(Buffer.buffer(body)))
                .onSuccess(response -> answer(response, result))
                .onFailure(e -> result.complete(SendResult.retry(null, "push service unreachable: " + e.getMessage()))));
        return result;
    }

    /** The endpoint's address, checked: {@code https} and public, unless private endpoints are allowed. */
    private InetAddress checkedAddress(URI endpoint) throws UnknownHostException {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (endpoint.getHost() == null || !(scheme.equals("https") || (allowPrivateEndpoints && scheme.equals("http")))) {
            throw new IllegalArgumentException("the endpoint is not an https URL");
        }
        InetAddress[] addresses = InetAddress.getAllByName(endpoint.getHost());
        if (!allowPrivateEndpoints && !Arrays.stream(addresses).allMatch(PublicAddresses::isPublic)) {
            throw new IllegalArgumentException("the endpoint's host " + endpoint.getHost() + " resolves to a non-public address");
        }
        return addresses[0];
    }

    /** Reads at most {@link #MAX_RESPONSE_BYTES} of the body, then classifies the status (RFC 8030 §5, §8.3). */
    private static void answer(HttpClientResponse response, CompletableFuture<SendResult> result) {
        AtomicLong read = new AtomicLong();
        int status = response.statusCode();
        String retryAfter = response.getHeader("Retry-After");
        response.handler(chunk -> {
            if (read.addAndGet(chunk.length()) > MAX_RESPONSE_BYTES) {
                response.request().reset();
            }
        });
        response.exceptionHandler(e -> {
        });
        result.complete(classify(status, retryAfter));
    }

    static SendResult classify(int status, String retryAfter) {
        if (status >= 200 && status < 300) {
            return SendResult.delivered();
        }
        if (status == 404 || status == 410) {
            return SendResult.gone("push service answered " + status);
        }
        if (status == 429 || status >= 500) {
            return SendResult.retry(SendResult.parseRetryAfter(retryAfter), "push service answered " + status);
        }
        if (status >= 300 && status < 400) {
            return SendResult.rejected("push service answered a redirect (" + status + "), which is not followed");
        }
        return SendResult.rejected("push service answered " + status);
    }


    @Override
    public void close() {
        client.close();
    }
}
