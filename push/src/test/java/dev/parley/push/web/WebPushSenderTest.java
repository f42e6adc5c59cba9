package dev.parley.push.web;

import dev.parley.common.security.P256Keys;
import dev.parley.push.SendResult;
import dev.parley.push.testing.FakePushService;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushMessage;
import dev.parley.storage.model.PushSubscription;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Web Push to a local RFC 8030 push service that checks the VAPID token and decrypts the message. */
class WebPushSenderTest {

    /** The clock of the sender and of the events: the TTL sent is the whole default. */
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final Vertx vertx = Vertx.vertx();
    private final FakePushService service = new FakePushService();
    private final PushCredentials credentials = credentials();

    @AfterEach
    void close() {
        service.close();
        vertx.close();
    }

    static PushCredentials credentials() {
        KeyPair pair = P256Keys.generate();
        return new PushCredentials(null, null, new PushCredentials.Vapid(
                P256Keys.base64Url(P256Keys.encodePoint((ECPublicKey) pair.getPublic())),
                P256Keys.base64Url(pair.getPrivate().getEncoded()), "mailto:ops@example.com"));
    }

    static PushDelivery delivery(String endpoint, String p256dh, String auth, String message) {
        PushSubscription subscription = new PushSubscription(7, 1, 2, new PushSubscription.Details(PushChannel.WEB, "browser",
                "web", null, null, null, endpoint, auth, p256dh), NOW, NOW);
        PushEvent event = new PushEvent(3, 1, null, new PushEvent.Details(null, null, null, message, null), NOW);
        return new PushDelivery(11, 1, 0, NOW, event, subscription);
    }

    private SendResult send(WebPushSender sender, PushDelivery delivery) throws Exception {
        return sender.send(delivery, credentials, PushMessage.of(delivery.event().details().message()))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private WebPushSender sender(boolean allowPrivate) {
        return new WebPushSender(vertx, Clock.fixed(NOW, java.time.ZoneOffset.UTC), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofHours(1),
                allowPrivate);
    }

    @Test
    void theServiceTakesTheEncryptedDataPayloadWithAValidVapidTokenAndHighUrgencyForCalls() throws Exception {
        FakePushService.Subscription browser = service.subscribe();
        String message = "{\"message\":\"Incoming call\",\"ios_voip\":1,\"session_id\":\"abc\"}";
        SendResult result = send(sender(true), delivery(browser.endpoint(), browser.p256dh(), browser.auth(), message));
        assertThat(result.outcome()).as(String.valueOf(service.refusals())).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(service.received()).hasSize(1);
        FakePushService.Received received = service.received().getFirst();
        assertThat(received.data()).isEqualTo(Map.of("message", "Incoming call", "ios_voip", 1, "session_id", "abc"));
        assertThat(received.headers()).containsEntry("urgency", "high").containsEntry("ttl", "3600");
        assertThat(received.vapidPublicKey()).isEqualTo(credentials.vapid().publicKey());
    }

    @Test
    void goneOutageAndRedirectAnswersAreToldApart() throws Exception {
        WebPushSender sender = sender(true);
        FakePushService.Subscription gone = service.subscribe();
        service.answer(gone, 410);
        assertThat(send(sender, delivery(gone.endpoint(), gone.p256dh(), gone.auth(), "hi")).outcome())
                .isEqualTo(SendResult.Outcome.GONE);
        FakePushService.Subscription down = service.subscribe();
        service.answer(down, 503);
        assertThat(send(sender, delivery(down.endpoint(), down.p256dh(), down.auth(), "hi")).outcome())
                .isEqualTo(SendResult.Outcome.RETRY);
        FakePushService.Subscription moved = service.subscribe();
        service.answer(moved, 301);
        assertThat(send(sender, delivery(moved.endpoint(), moved.p256dh(), moved.auth(), "hi")).outcome())
                .isEqualTo(SendResult.Outcome.REJECTED);
        assertThat(send(sender, delivery("http://127.0.0.1:1/push/x", gone.p256dh(), gone.auth(), "hi")).outcome())
                .as("nothing listens").isEqualTo(SendResult.Outcome.RETRY);
        assertThat(service.received()).isEmpty();
    }

    @Test
    void privateAddressesAreRefusedAtSendTimeUnlessAllowed() throws Exception {
        FakePushService.Subscription browser = service.subscribe();
        WebPushSender strict = sender(false);
        String viaName = browser.endpoint().replace("127.0.0.1", "localhost");
        for (String endpoint : java.util.List.of(viaName, viaName.replace("http:", "https:"),
                "https://127.0.0.1:" + java.net.URI.create(browser.endpoint()).getPort() + "/push/" + browser.id())) {
            SendResult result = send(strict, delivery(endpoint, browser.p256dh(), browser.auth(), "hi"));
            assertThat(result.outcome()).as(endpoint).isEqualTo(SendResult.Outcome.REJECTED);
        }
        assertThat(service.received()).isEmpty();
    }
}
