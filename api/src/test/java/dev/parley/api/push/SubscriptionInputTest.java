package dev.parley.api.push;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushSubscription;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The body of POST /subscriptions (docs/protocol.md section 2.4). */
class SubscriptionInputTest {

    static final String AUTH = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    static final String P256DH;

    static {
        byte[] point = new byte[65];
        point[0] = 4;
        P256DH = Base64.getUrlEncoder().withoutPadding().encodeToString(point);
    }

    private static Map<String, List<String>> errors(Map<String, Object> body, boolean allowPrivate) {
        try {
            SubscriptionInput.read(Params.of(body), allowPrivate);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors();
        }
        throw new AssertionError("accepted " + body);
    }

    private static Map<String, Object> body(String channel, Map<String, Object> token, String platform) {
        return Map.of("notification_channel", channel, "push_token", token,
                "device", Map.of("platform", platform, "udid", "device-1"));
    }

    static Map<String, Object> web(String endpoint) {
        return Map.of("environment", "development", "client_identification_sequence", endpoint, "web_endpoint", endpoint,
                "web_auth", AUTH, "web_p256dh", P256DH);
    }

    @Test
    void readsAnApnsVoipSubscriptionAsTheSdksSendIt() {
        PushSubscription.Details details = SubscriptionInput.read(Params.of(body("apns_voip",
                Map.of("environment", "Production", "client_identification_sequence", "<ABCD 0123>",
                        "bundle_identifier", "com.example.app"), "ios")), false);
        assertThat(details).isEqualTo(new PushSubscription.Details(PushChannel.APNS_VOIP, "device-1", "ios", "production",
                "abcd0123", "com.example.app", null, null, null));
    }

    @Test
    void acceptsQuickBloxsPluralChannelKeyAndAnFcmToken() {
        Map<String, Object> body = new HashMap<>(body("gcm", Map.of("client_identification_sequence", "fcm:TOKEN-1_x"),
                "android"));
        body.put("notification_channels", body.remove("notification_channel"));
        PushSubscription.Details details = SubscriptionInput.read(Params.of(body), false);
        assertThat(details.channel()).isEqualTo(PushChannel.GCM);
        assertThat(details.token()).isEqualTo("fcm:TOKEN-1_x");
        assertThat(details.environment()).isNull();
    }

    @Test
    void readsAWebPushSubscriptionWithItsKeys() {
        PushSubscription.Details details = SubscriptionInput.read(Params.of(body("web",
                web("https://fcm.googleapis.com/fcm/send/abc"), "web")), false);
        assertThat(details.webEndpoint()).isEqualTo("https://fcm.googleapis.com/fcm/send/abc");
        assertThat(details.webAuth()).isEqualTo(AUTH);
        assertThat(details.webP256dh()).isEqualTo(P256DH);
        assertThat(details.token()).isNull();
    }

    @Test
    void webEndpointsMustBeHttpsUnlessPrivateEndpointsAreAllowed() {
        assertThat(errors(body("web", web("http://127.0.0.1:9000/push/1"), "web"), false))
                .containsOnlyKeys("push_token[web_endpoint]");
        assertThat(SubscriptionInput.read(Params.of(body("web", web("http://127.0.0.1:9000/push/1"), "web")), true)
                .webEndpoint()).isEqualTo("http://127.0.0.1:9000/push/1");
        for (String bad : List.of("ftp://push.example.com/x", "https://user:pw@push.example.com/x", "not a url",
                "https:///nohost", "https://push.example.com/" + "x".repeat(2048))) {
            assertThat(errors(body("web", web(bad), "web"), true)).as(bad).containsOnlyKeys("push_token[web_endpoint]");
        }
    }

    @Test
    void webEndpointsOnPrivateAddressLiteralsOrLocalhostAreRefusedUnlessAllowed() {
        for (String endpoint : List.of("https://127.0.0.1/push", "https://[::1]:8443/push", "https://10.0.0.5/x",
                "https://169.254.169.254/latest", "https://localhost/push", "https://a.localhost/push")) {
            assertThat(errors(body("web", web(endpoint), "web"), false).get("push_token[web_endpoint]")).as(endpoint)
                    .containsExactly("must be on a public address");
            assertThat(SubscriptionInput.read(Params.of(body("web", web(endpoint), "web")), true).webEndpoint())
                    .isEqualTo(endpoint);
        }
        assertThat(SubscriptionInput.read(Params.of(body("web", web("https://8.8.8.8/push"), "web")), false)
                .webEndpoint()).isEqualTo("https://8.8.8.8/push");
    }

    @Test
    void webKeysMustBeTheirRfc8291Sizes() {
        Map<String, Object> token = new HashMap<>(web("https://push.example.com/x"));
        token.put("web_auth", Base64.getUrlEncoder().encodeToString(new byte[15]));
        token.put("web_p256dh", Base64.getUrlEncoder().encodeToString(new byte[65]));
        assertThat(errors(body("web", token, "web"), false)).containsOnlyKeys("push_token[web_auth]", "push_token[web_p256dh]");
    }

    @Test
    void namesEveryMissingFieldAtOnce() {
        assertThat(errors(Map.of(), false)).containsOnlyKeys("notification_channel", "device[udid]", "device[platform]");
        assertThat(errors(Map.of("notification_channel", "apns", "push_token", Map.of(), "device", Map.of()), false))
                .containsOnlyKeys("push_token[client_identification_sequence]", "device[udid]", "device[platform]");
    }

    @Test
    void rejectsUnknownChannelsPlatformsEnvironmentsAndBadTokens() {
        assertThat(errors(body("sms", Map.of("client_identification_sequence", "aa"), "ios"), false))
                .containsOnlyKeys("notification_channel");
        assertThat(errors(body("apns", Map.of("client_identification_sequence", "aa", "environment", "staging"),
                "windows"), false)).containsOnlyKeys("push_token[environment]", "device[platform]");
        assertThat(errors(body("apns", Map.of("client_identification_sequence", "xyz"), "ios"), false))
                .containsOnlyKeys("push_token[client_identification_sequence]");
        assertThat(errors(body("gcm", Map.of("client_identification_sequence", "a b"), "android"), false))
                .containsOnlyKeys("push_token[client_identification_sequence]");
        assertThat(errors(Map.of("notification_channel", "gcm", "push_token", Map.of("client_identification_sequence", "t"),
                "device", Map.of("platform", "android", "udid", "u".repeat(256))), false)).containsOnlyKeys("device[udid]");
    }
}
