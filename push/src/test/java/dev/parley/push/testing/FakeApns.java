package dev.parley.push.testing;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import dev.parley.common.tls.SelfSignedCertificate;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local APNs: pushy's mock server over HTTP/2 with TLS (a self-signed certificate for localhost, which the
 * sender must be told to trust), with its validating handler, which checks the provider JWT's signature against
 * the team's key, the topic against the key's topics and the device token against the topic; and on top of it
 * what APNs requires of VoIP pushes: {@code apns-push-type: voip} exactly on the {@code <bundle>.voip} topic.
 * Tokens made gone are answered 410 Unregistered; during an outage every push gets 503. Thread-safe.
 */
public final class FakeApns implements AutoCloseable {

    /** A push APNs accepted. */
    public record Received(String token, String topic, String pushType, String priority, String payload) {
    }

    private final MockApnsServer server;
    private final int port;
    private final Path certificate;
    private final String bundleId;
    private final Map<String, Set<String>> tokensByTopic = new ConcurrentHashMap<>();
    private final Map<String, Instant> goneTokens = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private volatile boolean outage;

    public FakeApns(Path dir, TestCredentials.ApnsKey key, String keyId, String teamId, String bundleId) throws Exception {
        this.bundleId = bundleId;
        tokensByTopic.put(bundleId, ConcurrentHashMap.newKeySet());
        tokensByTopic.put(bundleId + ".voip", ConcurrentHashMap.newKeySet());
        SelfSignedCertificate.PemFiles tls = SelfSignedCertificate.ensure(Files.createDirectories(dir.resolve("apns-tls")),
                List.of("localhost"), Duration.ofDays(2));
        this.certificate = tls.certificate();
        ApnsVerificationKey verificationKey = new ApnsVerificationKey(keyId, teamId, (ECPublicKey) key.pair().getPublic());
        ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(tokensByTopic,
                goneTokens, Map.of(keyId, verificationKey), Map.of(verificationKey, Set.of(bundleId, bundleId + ".voip")));
        this.server = new MockApnsServerBuilder()
                .setServerCredentials(tls.certificate().toFile(), tls.privateKey().toFile(), null)
                .setHandlerFactory(session -> {
                    PushNotificationHandler inner = validating.buildHandler(session);
                    return (headers, payload) -> {
                        if (outage) {
                            throw new RejectedNotificationException(RejectionReason.SERVICE_UNAVAILABLE);
                        }
                        inner.handlePushNotification(headers, payload);
                        String topic = String.valueOf(headers.get("apns-topic"));
                        boolean voip = "voip".contentEquals(String.valueOf(headers.get("apns-push-type")));
                        if (voip != topic.endsWith(".voip")) {
                            refusals.add("push type " + headers.get("apns-push-type") + " on topic " + topic);
                            throw new RejectedNotificationException(RejectionReason.INVALID_PUSH_TYPE);
                        }
                    };
                })
                .setListener(new MockApnsServerListener() {
                    @Override
                    public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
                        String path = String.valueOf(headers.path());
                        received.add(new Received(path.substring(path.lastIndexOf('/') + 1), String.valueOf(headers.get("apns-topic")),
                                String.valueOf(headers.get("apns-push-type")), String.valueOf(headers.get("apns-priority")),
                                payload == null ? "" : payload.toString(StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
                                                               Instant deviceTokenExpirationTimestamp) {
                        refusals.add(String.valueOf(reason));
                    }
                })
                .build();
        this.port = (Integer) server.start(0).get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return port;
    }

    /** The PEM certificate the sender must trust. */
    public Path certificate() {
        return certificate;
    }

    /** Registers a device token for the app's alerts ({@code voip} false) or its VoIP pushes. */
    public void register(String token, boolean voip) {
        tokensByTopic.get(voip ? bundleId + ".voip" : bundleId).add(token);
    }

    /** APNs answers 410 Unregistered for this token from now on. */
    public void makeGone(String token) {
        goneTokens.put(token, Instant.now());
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

    @Override
    public void close() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
    }
}
