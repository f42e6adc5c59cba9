package dev.parley.server;

import dev.parley.common.security.P256Keys;
import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md section 2.4 (push subscriptions and events), over HTTP against the real server, in the shapes
 * the ConnectyCube and QuickBlox SDKs send.
 */
class PushApiTest {

    static final String AUTH = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    static final String P256DH;

    static {
        byte[] point = new byte[65];
        point[0] = 4;
        P256DH = Base64.getUrlEncoder().withoutPadding().encodeToString(point);
    }

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static final RestClient rest = new RestClient();
    static Application app;
    static Application otherApp;
    static String appToken;
    static final Map<String, Long> ids = new HashMap<>();
    static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void setUp() {
        app = server.app();
        otherApp = server.server().applications().create("other");
        appToken = session(app, null);
        for (String login : List.of("caller", "callee", "android", "tagged", "outsider")) {
            Map<String, Object> user = new HashMap<>(Map.of("login", login, "password", "password-" + login));
            if (login.equals("tagged")) {
                user.put("tag_list", "vip,blue");
                user.put("external_user_id", 9001);
            }
            signUp(app, appToken, user);
            tokens.put(login, session(app, login));
        }
        String otherToken = session(otherApp, null);
        signUp(otherApp, otherToken, Map.of("login", "foreigner", "password", "password-foreigner"));
        ids.put("foreigner", ((Number) rest.postJson(server.http("/session"), Map.of("application_id", otherApp.id(),
                "auth_key", otherApp.authKey(), "user", Map.of("login", "foreigner", "password", "password-foreigner")))
                .object("session").get("user_id")).longValue());
        tokens.put("foreigner", session(otherApp, "foreigner"));
    }

    static void signUp(Application application, String token, Map<String, Object> user) {
        Response response = rest.postJson(server.http("/users"), Map.of("user", user), "CB-Token", token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        if (application.id() == app.id()) {
            ids.put((String) user.get("login"), ((Number) response.object("user").get("id")).longValue());
        }
    }

    static String session(Application application, String login) {
        Map<String, Object> body = new HashMap<>(Map.of("application_id", application.id(), "auth_key", application.authKey()));
        if (login != null) {
            body.put("user", Map.of("login", login, "password", "password-" + login));
        }
        Response response = rest.postJson(server.http("/session"), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return (String) response.object("session").get("token");
    }

    static Map<String, Object> voip(String udid, String token) {
        return Map.of("notification_channel", "apns_voip", "push_token", Map.of("environment", "development",
                "client_identification_sequence", token, "bundle_identifier", "com.example.calls"),
                "device", Map.of("platform", "ios", "udid", udid));
    }

    static Map<String, Object> fcm(String udid, String token) {
        return Map.of("notification_channel", "gcm", "push_token", Map.of("environment", "production",
                "client_identification_sequence", token), "device", Map.of("platform", "android", "udid", udid));
    }

    static Map<String, Object> subscribe(String login, Map<String, Object> body) {
        Response response = rest.postJson(server.http("/subscriptions.json"), body, "CB-Token", tokens.get(login));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.list()).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> subscription = (Map<String, Object>) response.list().getFirst().get("subscription");
        return subscription;
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Response event(String token, Map<String, Object> event) {
        return rest.postJson(server.http("/events.json"), Map.of("event", event), "CB-Token", token);
    }

    static URI subscription(Object id) {
        return server.http("/subscriptions/" + id + ".json");
    }

    @Test
    void subscribeAnswersTheSubscriptionAndListShowsTheUsersOwn() {
        Map<String, Object> created = subscribe("caller", voip("caller-phone", "aabbccdd"));
        assertThat(created).containsOnlyKeys("id", "notification_channel", "device");
        assertThat(created.get("notification_channel")).isEqualTo(Map.of("name", "apns_voip"));
        assertThat(created.get("device")).isEqualTo(Map.of("udid", "caller-phone", "platform", Map.of("name", "ios")));

        Response list = rest.get(server.http("/subscriptions"), "CB-Token", tokens.get("caller"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.list()).contains(Map.of("subscription", created));
        assertThat(list.body()).doesNotContain("aabbccdd");
        assertThat(rest.get(server.http("/subscriptions"), "CB-Token", tokens.get("outsider")).list()).isEmpty();
    }

    @Test
    void theSameUdidOnTheSameChannelReplacesTheSubscription() {
        Map<String, Object> first = subscribe("android", fcm("pixel-1", "token-1"));
        Map<String, Object> voipOnSameDevice = subscribe("android", voip("pixel-1", "0011"));
        Map<String, Object> second = subscribe("android", fcm("pixel-1", "token-2"));
        assertThat(second.get("id")).isNotEqualTo(first.get("id"));
        List<Map<String, Object>> list = rest.get(server.http("/subscriptions"), "CB-Token", tokens.get("android")).list();
        assertThat(list).containsExactly(Map.of("subscription", voipOnSameDevice), Map.of("subscription", second));
        assertThat(server.server().storage().push().subscriptions(app.id(), ids.get("android")))
                .filteredOn(s -> s.details().udid().equals("pixel-1") && s.details().token().equals("token-2")).hasSize(1);
    }

    @Test
    void aUserDeletesOnlyTheirOwnSubscriptions() {
        Map<String, Object> mine = subscribe("outsider", fcm("outsider-phone", "t-out"));
        assertThat(rest.delete(subscription(mine.get("id")), "CB-Token", tokens.get("callee")).status()).isEqualTo(404);
        assertThat(rest.delete(subscription(mine.get("id")), "CB-Token", tokens.get("foreigner")).status()).isEqualTo(404);
        assertThat(rest.delete(subscription("nope"), "CB-Token", tokens.get("outsider")).status()).isEqualTo(404);
        Response deleted = rest.delete(subscription(mine.get("id")), "CB-Token", tokens.get("outsider"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).isEmpty();
        assertThat(rest.delete(subscription(mine.get("id")), "CB-Token", tokens.get("outsider")).error("base"))
                .isEqualTo("Subscription not found");
    }

    @Test
    void subscriptionsNeedAUserSessionAndAValidBody() {
        Response appSession = rest.postJson(server.http("/subscriptions"), fcm("x", "y"), "CB-Token", appToken);
        assertThat(appSession.status()).isEqualTo(401);
        assertThat(rest.get(server.http("/subscriptions")).status()).isEqualTo(401);
        Response invalid = rest.postJson(server.http("/subscriptions"), Map.of("notification_channel", "web",
                "push_token", Map.of("web_endpoint", "http://127.0.0.1/push", "web_auth", AUTH, "web_p256dh", P256DH),
                "device", Map.of("platform", "web", "udid", "browser")), "CB-Token", tokens.get("caller"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.error("push_token[web_endpoint]")).startsWith("must be an https URL");
    }

    @Test
    void theCallKitEventIsQueuedForTheCalleesDevicesAndAnsweredAsTheSdksExpect() {
        subscribe("callee", voip("callee-iphone", "feedface"));
        subscribe("callee", fcm("callee-tablet", "fcm-callee"));
        long queuedBefore = server.server().storage().push().queued(app.id());
        String message = "{\"message\":\"Incoming Video call\",\"call_type\":1,\"session_id\":\"5d3c1b7e\","
                + "\"caller_id\":" + ids.get("caller") + ",\"call_opponents\":\"" + ids.get("callee") + "\","
                + "\"signal_type\":\"startCall\",\"ios_voip\":1}";
        Response response = event(tokens.get("caller"), Map.of("notification_type", "push", "environment", "development",
                "message", "payload=" + base64(message), "user", Map.of("ids", String.valueOf(ids.get("callee")))));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) response.list().getFirst().get("event");
        assertThat(event).containsOnlyKeys("id", "event_type", "message", "date", "period", "name", "occured_count",
                "end_date", "active", "application_id", "user_id", "kind", "tag_query", "environment",
                "notification_channel", "created_at", "updated_at");
        assertThat(event).containsEntry("event_type", "one_shot").containsEntry("message", base64(message))
                .containsEntry("kind", "API").containsEntry("active", true).containsEntry("environment", "development")
                .containsEntry("application_id", (int) app.id()).containsEntry("user_id", ids.get("caller").intValue())
                .containsEntry("notification_channel", Map.of("name", "all"));
        // A development event: the VoIP subscription (development) gets it, the FCM one (production) does not.
        assertThat(server.server().storage().push().queued(app.id())).isEqualTo(queuedBefore + 1);

        // Without an environment, both.
        Response both = event(tokens.get("caller"), Map.of("message", base64(message), "user",
                Map.of("ids", List.of(ids.get("callee")))));
        assertThat(both.status()).as(both.body()).isEqualTo(201);
        assertThat(server.server().storage().push().queued(app.id())).isEqualTo(queuedBefore + 3);
    }

    @Test
    void eventsReachUsersByTagsAndExternalIdsAndAcceptQuickBloxForms() {
        subscribe("tagged", fcm("tagged-phone", "fcm-tagged"));
        Response byTags = event(appToken, Map.of("message", base64("Sale!"), "user",
                Map.of("tags", Map.of("all", "vip,blue", "exclude", "muted"))));
        assertThat(byTags.status()).as(byTags.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) byTags.list().getFirst().get("event");
        assertThat(event).containsEntry("tag_query", "tags[all]=vip,blue&tags[exclude]=muted").containsEntry("user_id", null);

        Response byExternal = event(tokens.get("caller"), Map.of("message", base64("hi"), "external_user",
                Map.of("ids", List.of(9001))));
        assertThat(byExternal.status()).as(byExternal.body()).isEqualTo(201);

        String form = "event%5Bnotification_type%5D=push&event%5Bmessage%5D="
                + URLEncoder.encode("payload=" + base64("form"), StandardCharsets.UTF_8)
                + "&event%5Buser%5D%5Bids%5D=" + ids.get("tagged");
        Response quickBlox = rest.postForm(server.http("/events.json"), form, "QB-Token", tokens.get("caller"));
        assertThat(quickBlox.status()).as(quickBlox.body()).isEqualTo(201);
    }

    @Test
    void anEventNeverReachesAnotherApplicationsUsers() {
        Map<String, Object> body = new HashMap<>(fcm("foreign-phone", "fcm-foreign"));
        Response subscribed = rest.postJson(server.http("/subscriptions"), body, "CB-Token", tokens.get("foreigner"));
        assertThat(subscribed.status()).isEqualTo(201);
        long foreignQueued = server.server().storage().push().queued(otherApp.id());
        Response response = event(tokens.get("caller"), Map.of("message", base64("hi"), "user",
                Map.of("ids", List.of(ids.get("foreigner")))));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error("base")).startsWith("No recipients");
        assertThat(server.server().storage().push().queued(otherApp.id())).isEqualTo(foreignQueued);
    }

    @Test
    void invalidEventsNameEveryFieldAtFault() {
        Response response = event(tokens.get("caller"), Map.of("notification_type", "email", "message", "%%%",
                "user", Map.of("ids", "1,x")));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("event[notification_type]", "event[message]", "event[user][ids]");
        assertThat(rest.postJson(server.http("/events"), Map.of()).status()).isEqualTo(401);
    }

    @Test
    void theVapidPublicKeyIsMadeOnFirstUseAndStaysTheSamePerApplication() {
        Response first = rest.get(server.http("/push/vapid_public_key.json"), "CB-Token", tokens.get("callee"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json()).containsOnlyKeys("public_key");
        String key = (String) first.json().get("public_key");
        assertThat(key).matches("[A-Za-z0-9_-]{87}");
        byte[] point = Base64.getUrlDecoder().decode(key);
        assertThat(P256Keys.decodePoint(point)).isNotNull();
        assertThat(rest.get(server.http("/push/vapid_public_key"), "CB-Token", appToken).json().get("public_key"))
                .isEqualTo(key);
        assertThat(rest.get(server.http("/push/vapid_public_key"), "CB-Token", tokens.get("foreigner")).json()
                .get("public_key")).isNotEqualTo(key);
        assertThat(rest.get(server.http("/push/vapid_public_key")).status()).isEqualTo(401);
        assertThat(server.server().storage().pushCredentials().find(app.id()).vapid().publicKey()).isEqualTo(key);
    }

    @Test
    void pushCallsAreRateLimitedPerUser(@TempDir Path dataDir) {
        try (TestServer limited = TestServer.start(dataDir, Map.of("parley.rate-limit.push-burst", 2,
                "parley.rate-limit.push-per-second", 0.01))) {
            Application application = limited.app();
            Map<String, Object> session = Map.of("application_id", application.id(), "auth_key", application.authKey());
            String token = (String) rest.postJson(limited.http("/session"), session).object("session").get("token");
            for (String login : List.of("one", "two")) {
                rest.postJson(limited.http("/users"), Map.of("user", Map.of("login", login, "password", "password-" + login)),
                        "CB-Token", token);
            }
            String one = login(limited, "one");
            String two = login(limited, "two");
            assertThat(rest.postJson(limited.http("/subscriptions"), fcm("a", "t-a"), "CB-Token", one).status()).isEqualTo(201);
            assertThat(rest.postJson(limited.http("/subscriptions"), fcm("b", "t-b"), "CB-Token", one).status()).isEqualTo(201);
            Response refused = rest.postJson(limited.http("/events"), Map.of("event", Map.of("message", base64("x"),
                    "user", Map.of("ids", "1"))), "CB-Token", one);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // Another user has a bucket of their own.
            assertThat(rest.postJson(limited.http("/subscriptions"), fcm("c", "t-c"), "CB-Token", two).status())
                    .isEqualTo(201);
        }
    }

    private static String login(TestServer target, String login) {
        Application application = target.app();
        Response response = rest.postJson(target.http("/session"), Map.of("application_id", application.id(), "auth_key",
                application.authKey(), "user", Map.of("login", login, "password", "password-" + login)));
        return (String) response.object("session").get("token");
    }
}
