package dev.parley.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.push.PushEvent;
import dev.parley.sdk.push.PushNotifications;
import dev.parley.sdk.push.PushNotifications.Channel;
import dev.parley.sdk.push.PushNotifications.Environment;
import dev.parley.sdk.push.PushSubscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's push calls against a real server (docs/protocol.md §2.4; no media; the built server, see RealServer). No provider credentials
 * are set, so the queued deliveries wait and nothing leaves the machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("server")
class PushNotificationsTest {

    @RegisterExtension
    static final RealServer server = RealServer.withoutMedia();
    private static ParleySettings settings;

    @BeforeAll
    static void readSettings() {
        settings = server.settings();
    }

    private static ParleyClient loggedIn(String login) {
        ParleyClient client = new ParleyClient(settings);
        client.signUp(login, "pw-" + login + "-long", login);
        client.login(login, "pw-" + login + "-long");
        return client;
    }

    @Test
    void aCalleeSubscribesItsDevicesAndACallerPushesToThem() {
        ParleyClient callee = loggedIn("push-callee");
        ParleyClient caller = loggedIn("push-caller");
        PushNotifications push = new PushNotifications(callee);

        PushSubscription fcm = push.createSubscription(Channel.GCM, "fcm-registration-token:APA91b", "android-1", Environment.PRODUCTION);
        assertThat(fcm).extracting(PushSubscription::channel, PushSubscription::udid, PushSubscription::platform)
                .containsExactly("gcm", "android-1", "android");
        PushSubscription voip = push.createSubscription(Channel.APNS_VOIP, "5e3f0c9a".repeat(8), "iphone-1", null);
        assertThat(voip.platform()).isEqualTo("ios");
        assertThat(push.subscriptions()).extracting(PushSubscription::id).containsExactly(fcm.id(), voip.id());

        PushEvent event = new PushNotifications(caller).createEvent(List.of(callee.currentUser().id()),
                Map.of("message", "Incoming Video call", "signal_type", "startCall", "ios_voip", 1), Environment.PRODUCTION);
        assertThat(event.id()).isPositive();
        assertThat(event.userId()).isEqualTo(caller.currentUser().id());
        assertThat(event.environment()).isEqualTo("production");
        assertThat(new String(Base64.getDecoder().decode(event.message()), StandardCharsets.UTF_8)).contains("\"ios_voip\":1");

        assertThatThrownBy(() -> new PushNotifications(caller).deleteSubscription(fcm.id()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(404));
        push.deleteSubscription(fcm.id());
        push.deleteSubscription(voip.id());
        assertThat(push.subscriptions()).isEmpty();
        assertThatThrownBy(() -> new PushNotifications(caller).createEvent(List.of(callee.currentUser().id()),
                Map.of("message", "hi"), null))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThatThrownBy(() -> push.createSubscription(Channel.APNS, "not hex", "iphone-1", null))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.status()).isEqualTo(422));
    }
}
