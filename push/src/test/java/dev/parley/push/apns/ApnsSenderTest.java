package dev.parley.push.apns;

import dev.parley.push.SendResult;
import dev.parley.push.testing.FakeApns;
import dev.parley.push.testing.TestCredentials;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushMessage;
import dev.parley.storage.model.PushSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** APNs over HTTP/2 with a provider JWT, against pushy's mock server validating the token, topic and push type. */
class ApnsSenderTest {

    static final String KEY_ID = "ABC123DEFG";
    static final String TEAM_ID = "TEAM123456";
    static final String BUNDLE = "com.example.calls";
    static final String VOIP_TOKEN = "aa".repeat(32);
    static final String ALERT_TOKEN = "bb".repeat(32);

    @TempDir
    Path dir;
    private final TestCredentials.ApnsKey key = TestCredentials.apnsKey();
    private FakeApns apns;
    private ApnsSender sender;
    private PushCredentials credentials;

    @BeforeEach
    void start() throws Exception {
        apns = new FakeApns(dir, key, KEY_ID, TEAM_ID, BUNDLE);
        apns.register(VOIP_TOKEN, true);
        apns.register(ALERT_TOKEN, false);
        sender = new ApnsSender(new ApnsSettings("localhost", "localhost", apns.port(), apns.certificate().toString()),
                Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofHours(1));
        credentials = new PushCredentials(new PushCredentials.Apns(key.p8(), KEY_ID, TEAM_ID, BUNDLE, false), null, null);
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        apns.close();
    }

    static PushDelivery delivery(PushChannel channel, String token, String message) {
        PushSubscription subscription = new PushSubscription(7, 1, 2, new PushSubscription.Details(channel, "iphone", "ios",
                "production", token, BUNDLE, null, null, null), Instant.now(), Instant.now());
        PushEvent event = new PushEvent(3, 1, null, new PushEvent.Details(null, null, null, message, null), Instant.now());
        return new PushDelivery(11, 1, 0, Instant.now(), event, subscription);
    }

    private SendResult send(PushDelivery delivery, PushCredentials with) throws Exception {
        return sender.send(delivery, with, PushMessage.of(delivery.event().details().message()))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aVoipPushGoesToTheVoipTopicWithTheCallFieldsAndAnAlertToTheBundle() throws Exception {
        String call = "{\"message\":\"Incoming call\",\"session_id\":\"abc\",\"caller_id\":5,\"ios_voip\":1}";
        assertThat(send(delivery(PushChannel.APNS_VOIP, VOIP_TOKEN, call), credentials).outcome())
                .as(String.valueOf(apns.refusals())).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(send(delivery(PushChannel.APNS, ALERT_TOKEN, "{\"message\":\"Hello\",\"ios_badge\":3,\"ios_sound\":\"ring\"}"),
                credentials).outcome()).as(String.valueOf(apns.refusals())).isEqualTo(SendResult.Outcome.DELIVERED);
        assertThat(apns.received()).hasSize(2);
        FakeApns.Received voip = apns.received().getFirst();
        assertThat(voip.topic()).isEqualTo(BUNDLE + ".voip");
        assertThat(voip.pushType()).isEqualTo("voip");
        assertThat(voip.token()).isEqualTo(VOIP_TOKEN);
        assertThat(voip.payload()).contains("\"session_id\":\"abc\"").contains("\"caller_id\":5");
        FakeApns.Received alert = apns.received().get(1);
        assertThat(alert.topic()).isEqualTo(BUNDLE);
        assertThat(alert.pushType()).isEqualTo("alert");
        assertThat(alert.payload()).contains("\"alert\":{\"body\":\"Hello\"}").contains("\"badge\":3").contains("\"sound\":\"ring\"");
    }

    @Test
    void anUnregisteredTokenIsGoneAndAnOutageIsRetried() throws Exception {
        apns.makeGone(VOIP_TOKEN);
        assertThat(send(delivery(PushChannel.APNS_VOIP, VOIP_TOKEN, "{\"ios_voip\":1}"), credentials).outcome())
                .isEqualTo(SendResult.Outcome.GONE);
        apns.outage(true);
        assertThat(send(delivery(PushChannel.APNS, ALERT_TOKEN, "hi"), credentials).outcome())
                .isEqualTo(SendResult.Outcome.RETRY);
        apns.outage(false);
        assertThat(send(delivery(PushChannel.APNS, ALERT_TOKEN, "hi"), credentials).outcome())
                .isEqualTo(SendResult.Outcome.DELIVERED);
    }

    @Test
    void aKeyApnsDoesNotKnowIsRefusedAndNoKeyWaits() throws Exception {
        TestCredentials.ApnsKey stranger = TestCredentials.apnsKey();
        PushCredentials wrong = new PushCredentials(new PushCredentials.Apns(stranger.p8(), KEY_ID, TEAM_ID, BUNDLE, false),
                null, null);
        assertThat(send(delivery(PushChannel.APNS, ALERT_TOKEN, "hi"), wrong).outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(send(delivery(PushChannel.APNS, ALERT_TOKEN, "hi"), PushCredentials.NONE).outcome())
                .isEqualTo(SendResult.Outcome.RETRY);
        assertThat(apns.received()).isEmpty();
    }
}
