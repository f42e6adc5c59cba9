package dev.parley.push.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.ApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.parley.push.Expiry;
import dev.parley.push.PushSender;
import dev.parley.push.SendResult;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APNs through its HTTP/2 provider API with token (JWT) authentication, on pushy: one client per application's
 * credentials, kept while they stay the same. An {@code apns_voip} subscription gets {@code apns-push-type: voip}
 * on topic {@code <bundle id>.voip} with the message's fields as the payload (PushKit hands them to the app to
 * report the call to CallKit); an {@code apns} subscription gets an alert with the {@code message} text (or a
 * background push for {@code ios_push_type: background}) and the {@code ios_*} keys as {@code aps} fields, the
 * other keys as custom properties. The gateway is the sandbox for subscriptions of the {@code development}
 * environment or when the application's credentials say so. Answers: accepted delivered; 410 (Unregistered) gone;
 * 429, 5xx and 403 (a provider token problem the operator can fix) retried; other refusals rejected. Thread-safe.
 */
public final class ApnsSender implements PushSender {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsSender.class);

    private record ClientKey(PushCredentials.Apns credentials, boolean sandbox) {
    }

    private final ApnsSettings settings;
    private final Clock clock;
    private final Duration connectTimeout;
    private final Duration defaultTtl;
    private final Map<ClientKey, ApnsClient> clients = new ConcurrentHashMap<>();

    public ApnsSender(ApnsSettings settings, Clock clock, Duration connectTimeout, Duration defaultTtl) {
        this.settings = settings;
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.defaultTtl = defaultTtl;
    }

    @Override
    public CompletionStage<SendResult> send(PushDelivery delivery, PushCredentials credentials, PushMessage message) {
        PushCredentials.Apns apns = credentials.apns();
        if (apns == null) {
            return CompletableFuture.completedFuture(SendResult.retry(null, "the application has no APNs key"));
        }
        boolean sandbox = "development".equals(delivery.subscription().details().environment())
                || (delivery.subscription().details().environment() == null && apns.sandbox());
        ApnsClient client;
        try {
            client = client(new ClientKey(apns, sandbox));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(SendResult.retry(null, "cannot make an APNs client: " + e.getMessage()));
        }
        SimpleApnsPushNotification notification = notification(delivery, apns.bundleId(), message);
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        client.sendNotification(notification).whenComplete((response, failure) ->
                result.complete(failure != null ? SendResult.retry(null, "APNs unreachable: " + failure.getMessage())
                        : classify(response)));
        return result;
    }

    SimpleApnsPushNotification notification(PushDelivery delivery, String bundleId, PushMessage message) {
        boolean voip = delivery.subscription().details().channel() == PushChannel.APNS_VOIP;
        boolean background = !voip && "background".equals(message.text("ios_push_type"));
        ApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
        for (Map.Entry<String, Object> field : message.fields().entrySet()) {
            payload.addCustomProperty(field.getKey(), field.getValue());
        }
        if (!voip) {
            if (!background && message.text("message") != null) {
                payload.setAlertBody(message.text("message"));
            }
            if (message.text("ios_sound") != null) {
                payload.setSound(message.text("ios_sound"));
            }
            integer(message.text("ios_badge")).ifPresent(payload::setBadgeNumber);
            payload.setContentAvailable(background || flag(message.text("ios_content_available")));
            payload.setMutableContent(flag(message.text("ios_mutable_content")));
            if (message.text("ios_category") != null) {
                payload.setCategoryName(message.text("ios_category"));
            }
            if (message.text("ios_thread_id") != null) {
                payload.setThreadId(message.text("ios_thread_id"));
            }
        }
        PushType type = voip ? PushType.VOIP : background ? PushType.BACKGROUND : PushType.ALERT;
        return new SimpleApnsPushNotification(delivery.subscription().details().token(),
                voip ? bundleId + ".voip" : bundleId, payload.build(),
                Expiry.of(message, delivery.event().createdAt(), defaultTtl),
                background ? DeliveryPriority.CONSERVE_POWER : DeliveryPriority.IMMEDIATE, type);
    }

    static SendResult classify(PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return SendResult.delivered();
        }
        int status = response.getStatusCode();
        String reason = response.getRejectionReason().orElse("");
        if (status == 410 || reason.equals("Unregistered")) {
            return SendResult.gone("APNs answered " + status + " " + reason);
        }
        if (status == 429 || status >= 500 || status == 403) {
            return SendResult.retry(null, "APNs answered " + status + " " + reason);
        }
        return SendResult.rejected("APNs answered " + status + " " + reason);
    }

    private ApnsClient client(ClientKey key) throws IOException, GeneralSecurityException {
        ApnsClient existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (clients) {
            existing = clients.get(key);
            if (existing != null) {
                return existing;
            }
            // Clients of credentials the operator has replaced are closed.
            clients.entrySet().removeIf(entry -> {
                boolean stale = entry.getKey().credentials().keyId().equals(key.credentials().keyId())
                        && !entry.getKey().credentials().equals(key.credentials());
                if (stale) {
                    entry.getValue().close();
                }
                return stale;
            });
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(key.sandbox() ? settings.sandboxHost() : settings.productionHost(), settings.port())
                    .setSigningKey(ApnsSigningKey.loadFromInputStream(new ByteArrayInputStream(
                            key.credentials().privateKeyPem().getBytes(StandardCharsets.US_ASCII)),
                            key.credentials().teamId(), key.credentials().keyId()))
                    .setConnectionTimeout(connectTimeout);
            if (!settings.trustCertificate().isBlank()) {
                builder.setTrustedServerCertificateChain(new File(settings.trustCertificate()));
            }
            ApnsClient client = builder.build();
            clients.put(key, client);
            LOG.info("APNs client for key {} of team {} ({})", key.credentials().keyId(), key.credentials().teamId(),
                    key.sandbox() ? "sandbox" : "production");
            return client;
        }
    }

    private static boolean flag(String value) {
        return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
    }

    private static java.util.Optional<Integer> integer(String value) {
        try {
            return value == null ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        clients.values().forEach(ApnsClient::close);
        clients.clear();
    }
}
