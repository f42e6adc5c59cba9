package dev.parley.push.fcm;

import dev.parley.push.SendResult;
import dev.parley.push.testing.FakeFcm;
import dev.parley.push.testing.TestCredentials;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushMessage;
import dev.parley.storage.model.PushSubscription;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** FCM HTTP v1 with service-account OAuth, against a local token endpoint and FCM that verify what Google does. */
class FcmSenderTest {

    /** The clock of the sender and of the events: the TTL sent is the whole default. */
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final Vertx vertx = Vertx.vertx();
    private final TestCredentials.ServiceAccountKey account = TestCredentials.serviceAccount("parley-test",
            "https://oauth2.googleapis.com/token");
    private final FakeFcm fcm = new FakeFcm(account);
    private final FcmSender sender = new FcmSender(vertx, new FcmSettings(URI.create(fcm.origin()), URI.create(fcm.tokenUri())),
            Clock.fixed(NOW, java.time.ZoneOffset.UTC), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofHours(1));
    private final PushCredentials credentials = new PushCredentials(null, new PushCredentials.Fcm(account.json()), null);

    @AfterEach
    void close() {
        sender.close();
        fcm.close();
        vertx.close();
    }

    static PushDelivery delivery(String token, String message) {
        PushSubscription subscription = new PushSubscription(7, 1, 2, new PushSubscription.Details(PushChannel.GCM, "pixel",
                "android", null, token, null, null, null, null), NOW, NOW);
        PushEvent event = new PushEvent(3, 1, null, new PushEvent.Details(null, null, null, message, null), NOW);
        return new PushDelivery(11, 1, 0, NOW, event, subscription);
    }

    private SendResult send(PushDelivery delivery, PushCredentials with) throws Exception {
        return sender.send(delivery, with, PushMessage.of(delivery.event().details().message()))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aCallIsAHighPriorityDataMessageWithStringValuesSentWithOneCachedToken() throws Exception {
        String call = "{\"message\":\"Incoming call\",\"session_id\":\"abc\",\"caller_id\":5,\"ios_voip\":1}";
        assertThat(send(delivery("device-1", call), credentials).outcome()).as(String.valueOf(fcm.refusals()))
                .isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(send(delivery("device-1", "{\"message\":\"later\"}"), credentials).outcome())
                .isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(fcm.received()).hasSize(2);
        FakeFcm.Received first = fcm.received().getFirst();
        assertThat(first.token()).isEqualTo("device-1");
        assertThat(first.data()).containsEntry("message", "Incoming call").containsEntry("session_id", "abc")
                .containsEntry("caller_id", "5").containsEntry("ios_voip", "1");
        assertThat(first.android()).containsEntry("priority", "high").containsEntry("ttl", "3600s");
        assertThat(fcm.received().get(1).android()).containsEntry("priority", "normal");
        assertThat(fcm.tokensIssued()).as("the access token is reused").isEqualTo(1);
    }

    @Test
    void unregisteredTokensAreGoneAndOutagesRetried() throws Exception {
        fcm.makeGone("old-device");
        assertThat(send(delivery("old-device", "hi"), credentials).outcome()).isEqualTo(SendResult.Outcome.GONE);
        fcm.outage(true);
        assertThat(send(delivery("device-1", "hi"), credentials).outcome()).isEqualTo(SendResult.Outcome.RETRY);
        fcm.outage(false);
        assertThat(send(delivery("device-1", "hi"), credentials).outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
    }

    @Test
    void aKeyGoogleDoesNotKnowGetsNoTokenAndIsRetriedWhileNoCredentialsAreSet() throws Exception {
        TestCredentials.ServiceAccountKey stranger = TestCredentials.serviceAccount("parley-test", fcm.tokenUri());
        PushCredentials wrong = new PushCredentials(null, new PushCredentials.Fcm(stranger.json()), null);
        assertThat(send(delivery("device-1", "hi"), wrong).outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(fcm.refusals()).anyMatch(r -> r.contains("signature"));
        assertThat(send(delivery("device-1", "hi"), PushCredentials.NONE).outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(fcm.received()).isEmpty();
    }

    @Test
    void errorAnswersAreClassifiedByFcmErrorCode() {
        assertThat(FcmSender.classify(400, "{\"error\":{\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"INVALID_ARGUMENT\"}]}}", null)
                .outcome()).isEqualTo(SendResult.Outcome.REJECTED);
        assertThat(FcmSender.classify(429, "{}", "7").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(FcmSender.classify(404, "{\"error\":{\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}", null)
                .outcome()).isEqualTo(SendResult.Outcome.GONE);
    }
}
