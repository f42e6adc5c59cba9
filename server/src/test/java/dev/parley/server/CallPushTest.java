package dev.parley.server;

import dev.parley.common.time.Eventually;
import dev.parley.push.testing.FakePushService;
import dev.parley.server.RestClient.Response;
import dev.parley.server.XmppFixture.User;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side call push ({@code parley.push.call-push}, docs/push.md): a {@code call} signal to a callee with
 * no chat connection makes the CallKit push once per session however often the caller re-dials, a hang-up before
 * an answer makes the "end call" push, and a connected callee gets none.
 */
class CallPushTest {

    static final FakePushService service = new FakePushService();

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.push.call-push", true,
            "parley.push.allow-private-endpoints", true, "parley.push.delivery.poll-interval", "100ms"));
    static final XmppFixture xmpp = new XmppFixture(server);
    static final RestClient rest = new RestClient();
    static final List<AbstractXMPPConnection> open = new ArrayList<>();

    @AfterAll
    static void close() {
        open.forEach(AbstractXMPPConnection::instantShutdown);
        service.close();
    }

    static FakePushService.Subscription subscribeBrowser(User user) {
        FakePushService.Subscription browser = service.subscribe();
        rest.get(server.http("/push/vapid_public_key"), "CB-Token", user.token());
        Response response = rest.postJson(server.http("/subscriptions"), Map.of("notification_channel", "web",
                "push_token", Map.of("web_endpoint", browser.endpoint(), "web_auth", browser.auth(), "web_p256dh",
                        browser.p256dh()), "device", Map.of("platform", "web", "udid", "browser-" + browser.id())),
                "CB-Token", user.token());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return browser;
    }

    static void signal(AbstractXMPPConnection from, User caller, User callee, String type, String sessionId) throws Exception {
        StandardExtensionElement params = StandardExtensionElement.builder("extraParams", "jabber:client")
                .addElement("moduleIdentifier", "WebRTCVideoChat")
                .addElement("signalType", type)
                .addElement("sessionID", sessionId)
                .addElement("callType", "2")
                .addElement("callerID", String.valueOf(caller.id()))
                .addElement(StandardExtensionElement.builder("opponentsIDs", "jabber:client")
                        .addElement("opponentID", String.valueOf(callee.id())).build())
                .addElement("platform", "web")
                .build();
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(callee.bareJid()))
                .ofType(Message.Type.headline).addExtension(params).build());
    }

    static List<FakePushService.Received> to(FakePushService.Subscription browser) {
        return service.received().stream().filter(r -> r.subscriptionId().equals(browser.id())).toList();
    }

    @Test
    void anOfflineCalleeGetsOneStartPushPerSessionAndAnEndPushWhenTheCallerHangsUp() throws Exception {
        User caller = xmpp.newUser("push-caller");
        User callee = xmpp.newUser("push-callee");
        FakePushService.Subscription browser = subscribeBrowser(callee);
        AbstractXMPPConnection chat = xmpp.tcp(caller, false);
        open.add(chat);

        for (int dial = 0; dial < 3; dial++) { // the SDKs re-send `call` every few seconds until an answer
            signal(chat, caller, callee, "call", "session-1");
        }
        Eventually.await("the start push", Duration.ofSeconds(20), () -> to(browser).size() == 1);
        Map<String, Object> start = to(browser).getFirst().data();
        assertThat(start).containsEntry("signal_type", "startCall").containsEntry("session_id", "session-1")
                .containsEntry("uuid", "session-1").containsEntry("caller_id", (int) caller.id())
                .containsEntry("call_opponents", String.valueOf(callee.id())).containsEntry("call_type", 2)
                .containsEntry("ios_voip", 1).containsEntry("message", "Incoming Audio call");

        signal(chat, caller, callee, "hangUp", "session-1");
        Eventually.await("the end push", Duration.ofSeconds(20), () -> to(browser).size() == 2);
        assertThat(to(browser).get(1).data()).containsEntry("signal_type", "endCall").containsEntry("session_id", "session-1")
                .doesNotContainKey("ios_voip");

        // A second hang-up, or one for a session that was never pushed, pushes nothing more.
        signal(chat, caller, callee, "hangUp", "session-1");
        signal(chat, caller, callee, "hangUp", "session-2");
        signal(chat, caller, callee, "call", "session-3");
        Eventually.await("the next session's start push", Duration.ofSeconds(20), () -> to(browser).size() == 3);
        assertThat(to(browser).get(2).data()).containsEntry("session_id", "session-3");
    }

    @Test
    void anApplicationThatTurnedItOffGetsNoCallPush(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir)
            throws Exception {
        try (TestServer off = TestServer.start(dataDir, Map.of("parley.push.call-push", true,
                "parley.push.allow-private-endpoints", true, "parley.push.delivery.poll-interval", "100ms"))) {
            off.server().storage().pushCredentials().setCallPush(off.app().id(), false, java.time.Instant.now());
            XmppFixture fixture = new XmppFixture(off);
            User caller = fixture.newUser("off-caller");
            User callee = fixture.newUser("off-callee");
            FakePushService.Subscription browser = service.subscribe();
            rest.get(off.http("/push/vapid_public_key"), "CB-Token", callee.token());
            assertThat(rest.postJson(off.http("/subscriptions"), Map.of("notification_channel", "web",
                    "push_token", Map.of("web_endpoint", browser.endpoint(), "web_auth", browser.auth(), "web_p256dh",
                            browser.p256dh()), "device", Map.of("platform", "web", "udid", "b-" + browser.id())),
                    "CB-Token", callee.token()).status()).isEqualTo(201);
            AbstractXMPPConnection chat = fixture.tcp(caller, false);
            open.add(chat);
            signal(chat, caller, callee, "call", "session-off");
            Eventually.await("the call push counted as off", Duration.ofSeconds(20), () -> rest.get(off.http("/metrics"))
                    .body().contains("parley_push_call_pushes_total{kind=\"startCall\",outcome=\"off\"} 1.0"));
            // Following the server's setting again, the next session is pushed.
            off.server().storage().pushCredentials().setCallPush(off.app().id(), null, java.time.Instant.now());
            signal(chat, caller, callee, "call", "session-on");
            Eventually.await("the push of the session after turning it back on", Duration.ofSeconds(20),
                    () -> to(browser).size() == 1);
            assertThat(to(browser).getFirst().data()).containsEntry("session_id", "session-on");
        }
    }

    @Test
    void aConnectedCalleeGetsTheSignalAndNoPush() throws Exception {
        User caller = xmpp.newUser("push-caller-2");
        User callee = xmpp.newUser("push-callee-2");
        FakePushService.Subscription browser = subscribeBrowser(callee);
        AbstractXMPPConnection calleeChat = xmpp.tcp(callee, false);
        open.add(calleeChat);
        AbstractXMPPConnection chat = xmpp.tcp(caller, false);
        open.add(chat);
        signal(chat, caller, callee, "call", "session-online");
        // A marker after the call: once its push is in, the call's would have been too.
        User other = xmpp.newUser("push-callee-3");
        FakePushService.Subscription marker = subscribeBrowser(other);
        signal(chat, caller, other, "call", "session-marker");
        Eventually.await("the marker push", Duration.ofSeconds(20), () -> to(marker).size() == 1);
        assertThat(to(browser)).isEmpty();
    }
}
