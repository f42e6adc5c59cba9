package dev.parley.server;

import dev.parley.server.RestClient.Response;
import dev.parley.server.XmppFixture.User;
import dev.parley.storage.model.Application;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /calls/reject} (docs/protocol.md §2.5): a callee with no chat connection rejects over REST, and the
 * caller's connected resources get the {@code reject} call signal of §3.2 as a headline, never stored.
 */
class CallRejectApiTest {

    private static final String SESSION_ID = "5d3c1b7e-8a9f-4c21-9b0e-1f2a3b4c5d6e";

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static final XmppFixture xmpp = new XmppFixture(server);
    static final RestClient rest = new RestClient();
    static final List<AbstractXMPPConnection> open = new ArrayList<>();

    @AfterAll
    static void closeConnections() {
        open.forEach(AbstractXMPPConnection::instantShutdown);
    }

    @Test
    void callerGetsTheRejectSignalOnEveryConnectedResourceFromTheCalleesJid() throws Exception {
        User callee = xmpp.newUser("reject-callee-1"); // logged in over REST only
        User caller = xmpp.newUser("reject-caller-1");
        BlockingQueue<Message> onTcp = listen(keep(xmpp.tcp(caller, false)));
        BlockingQueue<Message> onWebSocket = listen(keep(xmpp.webSocket(caller, true)));

        Map<String, Object> userInfo = new LinkedHashMap<>(); // the order given is the order of the elements
        userInfo.put("reason", "busy");
        userInfo.put("device", Map.of("model", "Pixel <8> & co"));
        Response response = reject(callee, Map.of("sessionID", SESSION_ID, "recipientId", caller.id(),
                "platform", "web", "userInfo", userInfo));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).isEmpty();
        for (BlockingQueue<Message> resource : List.of(onTcp, onWebSocket)) {
            Message signal = resource.poll(10, TimeUnit.SECONDS);
            assertThat(signal).as("reject delivered").isNotNull();
            assertThat(signal.getType()).isEqualTo(Message.Type.headline);
            assertThat(signal.getFrom().toString()).isEqualTo(callee.bareJid());
            assertThat(signal.getTo().asBareJid().toString()).isEqualTo(caller.bareJid());
            assertThat(signal.getBody()).isNull();
            assertThat(DelayInformation.from(signal)).isNull();
            assertThat(fields(signal)).containsExactly(
                    "moduleIdentifier=WebRTCVideoChat",
                    "signalType=reject",
                    "sessionID=" + SESSION_ID,
                    "callType=1",
                    "callerID=" + caller.id(),
                    "opponentsIDs/opponentID=" + callee.id(),
                    "platform=web",
                    "userInfo/reason=busy",
                    "userInfo/device/model=Pixel <8> & co");
        }
    }

    @Test
    void formBodyWithQbTokenAndJsonSuffixGivesTheSameSignal() throws Exception {
        User callee = xmpp.newUser("reject-callee-2");
        User caller = xmpp.newUser("reject-caller-2");
        BlockingQueue<Message> received = listen(keep(xmpp.tcp(caller, false)));

        Response response = rest.postForm(server.http("/calls/reject.json"), "sessionID=" + SESSION_ID + "&recipientId="
                + caller.id() + "&platform=mobile&callType=2&userInfo%5Bbusy%5D=1", "QB-Token", callee.token());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(fields(received.poll(10, TimeUnit.SECONDS))).containsExactly(
                "moduleIdentifier=WebRTCVideoChat", "signalType=reject", "sessionID=" + SESSION_ID, "callType=2",
                "callerID=" + caller.id(), "opponentsIDs/opponentID=" + callee.id(), "platform=mobile",
                "userInfo/busy=1");
    }

    @Test
    void platformDefaultsToWebAndUserInfoIsLeftOutWhenNotGiven() throws Exception {
        User callee = xmpp.newUser("reject-callee-3");
        User caller = xmpp.newUser("reject-caller-3");
        BlockingQueue<Message> received = listen(keep(xmpp.webSocket(caller, false)));

        assertThat(reject(callee, Map.of("sessionID", "s-3", "recipientId", String.valueOf(caller.id()))).status())
                .isEqualTo(200);

        assertThat(fields(received.poll(10, TimeUnit.SECONDS))).containsExactly(
                "moduleIdentifier=WebRTCVideoChat", "signalType=reject", "sessionID=s-3", "callType=1",
                "callerID=" + caller.id(), "opponentsIDs/opponentID=" + callee.id(), "platform=web");
    }

    @Test
    void recipientInAnotherApplicationIsNotFoundAndGetsNothing() throws Exception {
        Application other = server.server().applications().create("Other");
        User stranger = xmpp.newUser("reject-stranger-4", other.id(), other.authKey());
        BlockingQueue<Message> received = listen(keep(xmpp.tcp(stranger, false)));
        User callee = xmpp.newUser("reject-callee-4");

        Response response = reject(callee, Map.of("sessionID", SESSION_ID, "recipientId", stranger.id()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error("base")).isEqualTo("Recipient not found");
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("nothing crosses applications").isNull();
    }

    @Test
    void unknownRecipientIsNotFound() {
        User callee = xmpp.newUser("reject-callee-5");
        Response response = reject(callee, Map.of("sessionID", SESSION_ID, "recipientId", 999_999_999));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.error("base")).isEqualTo("Recipient not found");
    }

    @Test
    void offlineRecipientIsAnsweredAndNothingIsStoredForLater() throws Exception {
        User callee = xmpp.newUser("reject-callee-6");
        User caller = xmpp.newUser("reject-caller-6");

        Response response = reject(callee, Map.of("sessionID", SESSION_ID, "recipientId", caller.id()));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).isEmpty();

        XMPPTCPConnection later = keep(xmpp.tcpNotConnected(caller, false));
        BlockingQueue<Message> received = listen(later);
        later.connect().login();
        PingManager.getInstanceFor(later).pingMyServer(); // a round trip after the initial presence
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("headlines are never stored").isNull();
    }

    @Test
    void requestsWithoutAValidTokenGet401() {
        Map<String, Object> body = Map.of("sessionID", SESSION_ID, "recipientId", 1);
        for (Response response : List.of(rest.postJson(server.http("/calls/reject"), body),
                rest.postJson(server.http("/calls/reject"), body, "CB-Token", "no-such-token"))) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.error("base")).isEqualTo("Required session does not exist");
        }
    }

    @Test
    void applicationSessionGets401LikeOtherUserOnlyRoutes() {
        User caller = xmpp.newUser("reject-caller-7");
        String appToken = (String) rest.postJson(server.http("/session"), Map.of("application_id", server.app().id(),
                "auth_key", server.app().authKey())).object("session").get("token");
        Response response = rest.postJson(server.http("/calls/reject"), Map.of("sessionID", SESSION_ID,
                "recipientId", caller.id()), "CB-Token", appToken);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error("base")).isEqualTo("This action needs a user session; log in first");
    }

    @Test
    void missingOrMalformedSessionIdIs422() {
        User callee = xmpp.newUser("reject-callee-8");
        long to = callee.id();
        assertThat(invalid(callee, Map.of("recipientId", to), "sessionID")).isEqualTo("is required");
        assertThat(invalid(callee, Map.of("sessionID", "   ", "recipientId", to), "sessionID")).isEqualTo("is required");
        assertThat(invalid(callee, Map.of("sessionID", "x".repeat(129), "recipientId", to), "sessionID"))
                .isEqualTo("must be 1 to 128 letters, digits, '-', '_', '.' or ':'");
        assertThat(invalid(callee, Map.of("sessionID", "a/../b", "recipientId", to), "sessionID"))
                .startsWith("must be 1 to 128");
        assertThat(invalid(callee, Map.of("sessionID", Map.of("a", "b"), "recipientId", to), "sessionID"))
                .isEqualTo("must be a single value");
    }

    @Test
    void missingOrNonNumericRecipientIdIs422() {
        User callee = xmpp.newUser("reject-callee-9");
        assertThat(invalid(callee, Map.of("sessionID", SESSION_ID), "recipientId")).isEqualTo("is required");
        assertThat(invalid(callee, Map.of("sessionID", SESSION_ID, "recipientId", "bob"), "recipientId"))
                .isEqualTo("must be an integer");
        assertThat(invalid(callee, Map.of("sessionID", SESSION_ID, "recipientId", -3), "recipientId"))
                .isEqualTo("must be a user id (a positive integer)");
        Response both = reject(callee, Map.of());
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.error("sessionID")).isEqualTo("is required");
        assertThat(both.error("recipientId")).isEqualTo("is required");
    }

    @Test
    void badCallTypeOrPlatformIs422() {
        User callee = xmpp.newUser("reject-callee-10");
        Map<String, Object> body = new HashMap<>(Map.of("sessionID", SESSION_ID, "recipientId", callee.id()));
        body.put("callType", 5);
        assertThat(invalid(callee, body, "callType")).isEqualTo("must be 1 (video) or 2 (audio)");
        body.put("callType", 1);
        body.put("platform", "web<script>");
        assertThat(invalid(callee, body, "platform")).isEqualTo("must be 1 to 32 letters, digits, '-', '_', '.' or ':'");
    }

    @Test
    void userInfoThatCannotBeWrittenAsXmlOrIsTooLargeIs422() throws Exception {
        User callee = xmpp.newUser("reject-callee-11");
        User caller = xmpp.newUser("reject-caller-11");
        BlockingQueue<Message> received = listen(keep(xmpp.tcp(caller, false)));
        Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", "x")))));
        Map<Object, String> expected = new LinkedHashMap<>();
        expected.put(Map.of("bad key", "v"), "key userInfo[bad key] is not a valid XML element name");
        expected.put(Map.of("ns:key", "v"), "key userInfo[ns:key] is not a valid XML element name");
        expected.put(Map.of("1st", "v"), "key userInfo[1st] is not a valid XML element name");
        expected.put(Map.of("xmlns", "v"), "key userInfo[xmlns] is not a valid XML element name");
        expected.put(Map.of("ok", Map.of("<x>", "v")), "key userInfo[ok][<x>] is not a valid XML element name");
        expected.put(Map.of("big", "x".repeat(4096)), "is too large (at most 4096 bytes of keys and values)");
        expected.put(deep, "is nested too deeply (at most 4 levels of objects)");
        expected.put(Map.of("ids", List.of(1, 2)), "userInfo[ids] is a list; only strings and objects are allowed");
        expected.put("busy", "must be an object of strings");
        for (Map.Entry<Object, String> c : expected.entrySet()) {
            String message = invalid(callee, Map.of("sessionID", SESSION_ID, "recipientId", caller.id(),
                    "userInfo", c.getKey()), "userInfo");
            assertThat(message).as(String.valueOf(c.getKey())).startsWith(c.getValue());
        }
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("nothing sent for an invalid request").isNull();
    }

    @Test
    void signalsBeyondTheBurstAreRefusedWithRetryAfter(@TempDir Path otherDir) {
        try (TestServer limited = TestServer.start(otherDir, Map.of("parley.rate-limit.signal-burst", 2,
                "parley.rate-limit.signals-per-second", 0.01))) {
            XmppFixture fixture = new XmppFixture(limited);
            User callee = fixture.newUser("reject-callee-12");
            User caller = fixture.newUser("reject-caller-12");
            Map<String, Object> body = Map.of("sessionID", SESSION_ID, "recipientId", caller.id());
            for (int i = 0; i < 2; i++) {
                assertThat(rest.postJson(limited.http("/calls/reject"), body, "CB-Token", callee.token()).status())
                        .isEqualTo(200);
            }
            Response refused = rest.postJson(limited.http("/calls/reject"), body, "CB-Token", callee.token());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // The bucket is the user's: another user is not held back.
            assertThat(rest.postJson(limited.http("/calls/reject"), Map.of("sessionID", SESSION_ID, "recipientId",
                    callee.id()), "CB-Token", caller.token()).status()).isEqualTo(200);
        }
    }

    private static Response reject(User as, Map<String, ?> body) {
        return rest.postJson(server.http("/calls/reject"), body, "CB-Token", as.token());
    }

    /** Posts a body that must fail validation; returns the first message for {@code field}. */
    private static String invalid(User as, Map<String, ?> body, String field) {
        Response response = reject(as, body);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.error(field)).as(response.body()).isNotNull();
        return response.error(field);
    }

    private static <C extends AbstractXMPPConnection> C keep(C connection) {
        open.add(connection);
        return connection;
    }

    private static BlockingQueue<Message> listen(AbstractXMPPConnection connection) {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        connection.addAsyncStanzaListener(s -> received.add((Message) s), StanzaTypeFilter.MESSAGE);
        return received;
    }

    /** The children of {@code <extraParams xmlns="jabber:client">}, in order, as {@code path=text} lines. */
    private static List<String> fields(Message signal) {
        assertThat(signal).as("signal received").isNotNull();
        StandardExtensionElement params = (StandardExtensionElement) signal.getExtensionElement("extraParams",
                "jabber:client");
        assertThat(params).as("extraParams").isNotNull();
        List<String> lines = new ArrayList<>();
        flatten("", params, lines);
        return lines;
    }

    private static void flatten(String prefix, StandardExtensionElement element, List<String> out) {
        for (StandardExtensionElement child : element.getElements()) {
            String path = prefix + child.getElementName();
            if (child.getElements().isEmpty()) {
                out.add(path + "=" + (child.getText() == null ? "" : child.getText()));
            } else {
                flatten(path + "/", child, out);
            }
        }
    }
}
