package dev.parley.server;

import dev.parley.push.testing.FakeApns;
import dev.parley.push.testing.TestCredentials;
import dev.parley.server.RestClient.Response;
import dev.parley.server.XmppFixture.User;
import dev.parley.storage.model.PushCredentials;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CallKit flow (docs/push.md) end to end against a local APNs (pushy's mock server, TLS, JWT,
 * topic and push type checked): the caller's app sends the call push with {@code POST /events}; the callee, with no
 * chat connection, gets a VoIP push on {@code <bundle>.voip} carrying the call's session id, rejects over HTTP with
 * {@code POST /calls/reject}, and the caller, connected to chat, sees the reject.
 */
class PushCallKitTest {

    static final String KEY_ID = "ABC123DEFG";
    static final String TEAM_ID = "TEAM123456";
    static final String BUNDLE = "com.example.calls";
    static final TestCredentials.ApnsKey KEY = TestCredentials.apnsKey();
    static final FakeApns apns = startApns();

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of(
            "parley.push.apns.production-host", "localhost",
            "parley.push.apns.sandbox-host", "localhost",
            "parley.push.apns.port", apns.port(),
            "parley.push.apns.trust-certificate", apns.certificate().toString(),
            "parley.push.delivery.poll-interval", "100ms"));
    static final XmppFixture xmpp = new XmppFixture(server);
    static final RestClient rest = new RestClient();
    static AbstractXMPPConnection callerChat;

    static FakeApns startApns() {
        try {
            return new FakeApns(Files.createTempDirectory("parley-apns-"), KEY, KEY_ID, TEAM_ID, BUNDLE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (callerChat != null) {
            callerChat.instantShutdown();
        }
        apns.close();
    }

    @Test
    void anOfflineCalleeGetsAVoipPushRejectsOverHttpAndTheCallerSeesTheReject() throws Exception {
        server.server().storage().pushCredentials().setApns(server.app().id(),
                new PushCredentials.Apns(KEY.p8(), KEY_ID, TEAM_ID, BUNDLE, false), Instant.now());
        User caller = xmpp.newUser("callkit-caller");
        User callee = xmpp.newUser("callkit-callee"); // never connects to chat
        String voipToken = "5e".repeat(32);
        apns.register(voipToken, true);
        Response subscribed = rest.postJson(server.http("/subscriptions"), Map.of("notification_channel", "apns_voip",
                "push_token", Map.of("environment", "production", "client_identification_sequence", voipToken,
                        "bundle_identifier", BUNDLE), "device", Map.of("platform", "ios", "udid", "callee-iphone")),
                "CB-Token", callee.token());
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);

        callerChat = xmpp.tcp(caller, false);
        BlockingQueue<Message> callerMessages = new LinkedBlockingQueue<>();
        callerChat.addAsyncStanzaListener(s -> callerMessages.add((Message) s), StanzaTypeFilter.MESSAGE);

        String sessionId = "0c2e6f1a-7d1b-4a55-9f39-2b8c1d3e4f50";
        String message = "{\"message\":\"Incoming Video call\",\"call_type\":1,\"session_id\":\"" + sessionId
                + "\",\"caller_id\":" + caller.id() + ",\"caller_name\":\"callkit-caller\",\"call_opponents\":\""
                + callee.id() + "\",\"signal_type\":\"startCall\",\"ios_voip\":1}";
        Response event = rest.postJson(server.http("/events"), Map.of("event", Map.of("notification_type", "push",
                "environment", "production", "message", Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)),
                "user", Map.of("ids", String.valueOf(callee.id())))), "CB-Token", caller.token());
        assertThat(event.status()).as(event.body()).isEqualTo(201);

        dev.parley.common.time.Eventually.await("APNs took the VoIP push", Duration.ofSeconds(30),
                () -> apns.received().size() == 1);
        FakeApns.Received push = apns.received().getFirst();
        assertThat(push.topic()).isEqualTo(BUNDLE + ".voip");
        assertThat(push.pushType()).isEqualTo("voip");
        assertThat(push.token()).isEqualTo(voipToken);
        assertThat(push.payload()).contains("\"session_id\":\"" + sessionId + "\"").contains("\"signal_type\":\"startCall\"");
        assertThat(apns.refusals()).isEmpty();

        // The callee's app, woken by the push with no chat connection, declines from the CallKit screen.
        Response reject = rest.postJson(server.http("/calls/reject"), Map.of("sessionID", sessionId, "recipientId",
                caller.id(), "platform", "ios"), "CB-Token", callee.token());
        assertThat(reject.status()).as(reject.body()).isEqualTo(200);
        Message signal = callerMessages.poll(10, TimeUnit.SECONDS);
        assertThat(signal).as("the caller sees the reject").isNotNull();
        StandardExtensionElement params = (StandardExtensionElement) signal.getExtensionElement("extraParams", "jabber:client");
        assertThat(params.getFirstElement("signalType").getText()).isEqualTo("reject");
        assertThat(params.getFirstElement("sessionID").getText()).isEqualTo(sessionId);
        assertThat(signal.getFrom().toString()).isEqualTo(callee.bareJid());
    }
}
