package dev.parley.server;

import dev.parley.common.time.Eventually;
import dev.parley.push.testing.FakeFcm;
import dev.parley.push.testing.FakePushService;
import dev.parley.push.testing.TestCredentials;
import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import dev.parley.storage.model.PushCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push delivery end to end (docs/push.md): POST /events through the durable queue to a local RFC 8030 push service
 * that verifies the VAPID token and decrypts the message; a "gone" answer removes the subscription; an outage
 * leaves the event queued until the service returns, and across a restart of Parley.
 */
class PushDeliveryTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final RestClient rest = new RestClient();

    private final FakePushService service = new FakePushService();

    @AfterEach
    void close() {
        service.close();
    }

    static Map<String, Object> settings(boolean delivery) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("parley.push.allow-private-endpoints", true);
        settings.put("parley.push.delivery.enabled", delivery);
        settings.put("parley.push.delivery.poll-interval", "100ms");
        settings.put("parley.push.delivery.first-retry-delay", "100ms");
        settings.put("parley.push.delivery.max-retry-delay", "300ms");
        settings.put("parley.push.delivery.max-attempts", 1000);
        return settings;
    }

    /** A user with a token, by login, on a server. */
    record Account(long id, String token) {
    }

    static Account account(TestServer server, String login) {
        Application app = server.app();
        String appToken = (String) rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey())).object("session").get("token");
        Response created = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", login, "password",
                "password-" + login)), "CB-Token", appToken);
        long id = created.status() == 201 ? ((Number) created.object("user").get("id")).longValue() : -1;
        Response session = rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey(), "user", Map.of("login", login, "password", "password-" + login)));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        return new Account(((Number) session.object("session").get("user_id")).longValue(),
                (String) session.object("session").get("token"));
    }

    static void subscribe(TestServer server, Account account, FakePushService.Subscription browser) {
        rest.get(server.http("/push/vapid_public_key"), "CB-Token", account.token());
        Response response = rest.postJson(server.http("/subscriptions"), Map.of("notification_channel", "web",
                "push_token", Map.of("web_endpoint", browser.endpoint(), "web_auth", browser.auth(), "web_p256dh",
                        browser.p256dh()), "device", Map.of("platform", "web", "udid", "browser-" + browser.id())),
                "CB-Token", account.token());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    static void send(TestServer server, Account from, Account to, String message) {
        Response response = rest.postJson(server.http("/events"), Map.of("event", Map.of("notification_type", "push",
                "message", Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)),
                "user", Map.of("ids", String.valueOf(to.id())))), "CB-Token", from.token());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void anEventReachesTheBrowserDecryptedAndCounted(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, settings(true))) {
            Account caller = account(server, "caller");
            Account callee = account(server, "callee");
            FakePushService.Subscription browser = service.subscribe();
            subscribe(server, callee, browser);
            send(server, caller, callee, "{\"message\":\"Incoming Video call\",\"session_id\":\"5d3c1b7e\",\"caller_id\":"
                    + caller.id() + ",\"signal_type\":\"startCall\",\"ios_voip\":1}");
            Eventually.await("the push service took the push", WAIT, () -> service.received().size() == 1);
            FakePushService.Received received = service.received().getFirst();
            assertThat(received.data()).containsEntry("message", "Incoming Video call").containsEntry("session_id", "5d3c1b7e")
                    .containsEntry("signal_type", "startCall").containsEntry("caller_id", (int) caller.id());
            assertThat(received.headers()).containsEntry("urgency", "high");
            assertThat(received.vapidPublicKey()).isEqualTo(rest.get(server.http("/push/vapid_public_key"), "CB-Token",
                    callee.token()).json().get("public_key"));
            Eventually.await("the queue is empty", WAIT, () -> server.server().storage().push().queued() == 0);
            String metrics = rest.get(server.http("/metrics")).body();
            assertThat(metrics).contains("parley_push_deliveries_total{channel=\"web\",outcome=\"delivered\"} 1.0");
            assertThat(service.refusals()).isEmpty();
        }
    }

    @Test
    void anOfflineAndroidCalleeGetsAnFcmPushAndAnUnregisteredTokenIsDeleted(@TempDir Path dataDir) {
        TestCredentials.ServiceAccountKey account = TestCredentials.serviceAccount("parley-calls", "https://oauth2.googleapis.com/token");
        try (FakeFcm fcm = new FakeFcm(account)) {
            Map<String, Object> settings = settings(true);
            settings.put("parley.push.fcm.endpoint", fcm.origin());
            settings.put("parley.push.fcm.token-uri", fcm.tokenUri());
            try (TestServer server = TestServer.start(dataDir, settings)) {
                server.server().storage().pushCredentials().setFcm(server.app().id(),
                        new PushCredentials.Fcm(account.json()), java.time.Instant.now());
                Account caller = account(server, "caller");
                Account callee = account(server, "callee");
                Account leaver = account(server, "leaver");
                for (Account device : List.of(callee, leaver)) {
                    Response subscribed = rest.postJson(server.http("/subscriptions"), Map.of("notification_channel", "gcm",
                            "push_token", Map.of("client_identification_sequence", "fcm-token-" + device.id()),
                            "device", Map.of("platform", "android", "udid", "android-" + device.id())), "CB-Token",
                            device.token());
                    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
                }
                fcm.makeGone("fcm-token-" + leaver.id());
                send(server, caller, callee, "{\"message\":\"Incoming Audio call\",\"call_type\":2,\"session_id\":\"s-9\","
                        + "\"caller_id\":" + caller.id() + ",\"signal_type\":\"startCall\",\"ios_voip\":1}");
                send(server, caller, leaver, "{\"message\":\"hello\"}");
                Eventually.await("FCM took the call push", WAIT, () -> fcm.received().size() == 1);
                FakeFcm.Received call = fcm.received().getFirst();
                assertThat(call.token()).isEqualTo("fcm-token-" + callee.id());
                assertThat(call.data()).containsEntry("session_id", "s-9").containsEntry("call_type", "2")
                        .containsEntry("signal_type", "startCall");
                assertThat(call.android()).containsEntry("priority", "high");
                Eventually.await("the unregistered token's subscription is deleted", WAIT, () ->
                        rest.get(server.http("/subscriptions"), "CB-Token", leaver.token()).list().isEmpty());
                assertThat(fcm.refusals()).isEmpty();
            }
        }
    }

    @Test
    void aBacklogLargerThanTheSendsInFlightDrainsWithoutWaitingForThePoll(@TempDir Path dataDir) {
        Map<String, Object> settings = settings(true);
        settings.put("parley.push.delivery.poll-interval", "1h");
        settings.put("parley.push.delivery.max-in-flight", 2);
        try (TestServer server = TestServer.start(dataDir, settings)) {
            Account sender = account(server, "sender");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Account user = account(server, "user" + i);
                subscribe(server, user, service.subscribe());
                ids.add(String.valueOf(user.id()));
            }
            Response response = rest.postJson(server.http("/events"), Map.of("event", Map.of("notification_type", "push",
                    "message", Base64.getEncoder().encodeToString("{\"message\":\"to twelve\"}".getBytes(StandardCharsets.UTF_8)),
                    "user", Map.of("ids", String.join(",", ids)))), "CB-Token", sender.token());
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            // Two sends at a time, and the next poll an hour away: each answer must claim the next delivery.
            Eventually.await("all twelve delivered", WAIT, () -> service.received().size() == 12);
            Eventually.await("the queue is empty", WAIT, () -> server.server().storage().push().queued() == 0);
        }
    }

    @Test
    void aGoneAnswerDeletesTheSubscription(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, settings(true))) {
            Account sender = account(server, "sender");
            Account user = account(server, "user");
            FakePushService.Subscription browser = service.subscribe();
            subscribe(server, user, browser);
            service.answer(browser, 410);
            send(server, sender, user, "hello");
            Eventually.await("the subscription is deleted", WAIT, () ->
                    rest.get(server.http("/subscriptions"), "CB-Token", user.token()).list().isEmpty());
            assertThat(server.server().storage().push().queued()).isZero();
            assertThat(rest.get(server.http("/metrics")).body())
                    .contains("parley_push_deliveries_total{channel=\"web\",outcome=\"gone\"} 1.0");
        }
    }

    @Test
    void anOutageLeavesTheEventQueuedUntilTheServiceReturns(@TempDir Path dataDir) {
        try (TestServer server = TestServer.start(dataDir, settings(true))) {
            Account sender = account(server, "sender");
            Account user = account(server, "user");
            FakePushService.Subscription browser = service.subscribe();
            subscribe(server, user, browser);
            service.answerAll(503);
            send(server, sender, user, "{\"message\":\"during the outage\"}");
            Eventually.await("a few attempts failed", WAIT, () -> rest.get(server.http("/metrics")).body()
                    .matches("(?s).*parley_push_deliveries_total\\{channel=\"web\",outcome=\"retried\"} [3-9].*"));
            assertThat(server.server().storage().push().queued()).isEqualTo(1);
            assertThat(service.received()).isEmpty();
            service.answerAll(201);
            Eventually.await("delivered once the service is back", WAIT, () -> service.received().size() == 1);
            assertThat(service.received().getFirst().data()).isEqualTo(Map.of("message", "during the outage"));
            Eventually.await("the queue is empty", WAIT, () -> server.server().storage().push().queued() == 0);
        }
    }

    @Test
    void queuedEventsGoOutAfterARestart(@TempDir Path dataDir) {
        FakePushService.Subscription browser = service.subscribe();
        try (TestServer server = TestServer.start(dataDir, settings(false))) {
            Account sender = account(server, "sender");
            Account user = account(server, "user");
            subscribe(server, user, browser);
            send(server, sender, user, "{\"message\":\"first\"}");
            send(server, sender, user, "{\"message\":\"second\"}");
            assertThat(server.server().storage().push().queued()).isEqualTo(2);
        }
        assertThat(service.received()).isEmpty();
        try (TestServer server = TestServer.start(dataDir, settings(true))) {
            Eventually.await("both delivered after the restart", WAIT, () -> service.received().size() == 2);
            assertThat(service.received()).extracting(r -> r.data().get("message")).containsExactlyInAnyOrder("first", "second");
            Eventually.await("the queue is empty", WAIT, () -> server.server().storage().push().queued() == 0);
        }
        assertThat(List.copyOf(service.refusals())).isEmpty();
    }
}
