package dev.parley.server;

import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers and connection life cycle, on a server with short timers: keep-alive pings (XEP-0199 §4.2), the
 * login deadline, client state indication (XEP-0352), and the throttling of failed logins (RFC 6120 §6.4.5).
 */
class ChatLifecycleTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of(
                "parley.chat.ping-interval", "1s",
                "parley.chat.ping-timeout", "1s",
                "parley.chat.login-timeout", "2s"));
    static final XmppFixture xmpp = new XmppFixture(server);

    @Test
    void silentClientIsPingedAndDisconnectedWhenItDoesNotAnswer() throws Exception {
        User sleepy = xmpp.newUser("life-sleepy");
        try (RawXmpp raw = RawXmpp.loggedIn(server, sleepy)) {
            String ping = raw.expect("urn:xmpp:ping");
            assertThat(ping).contains("type=\"get\"");
            assertThat(raw.expect("<stream:error")).contains("connection-timeout");
            assertThat(raw.awaitClosed()).isTrue();
        }
    }

    @Test
    void clientThatAnswersPingsStaysConnected() throws Exception {
        User awake = xmpp.newUser("life-awake");
        try (RawXmpp raw = RawXmpp.loggedIn(server, awake)) {
            for (int i = 0; i < 3; i++) {
                String ping = raw.expect("urn:xmpp:ping");
                String id = ping.replaceAll("(?s).*\\bid=\"([^\"]+)\".*", "$1");
                raw.send("<iq xmlns='jabber:client' type='result' id='" + id + "' to='parley.local'/>");
            }
            raw.send("<iq xmlns='jabber:client' type='get' id='still'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(raw.expect("id=\"still\"")).contains("type=\"result\"");
        }
    }

    @Test
    void connectionThatNeverLogsInIsClosedAtTheDeadline() throws Exception {
        try (RawXmpp raw = RawXmpp.connect(server)) {
            raw.open("parley.local");
            raw.expect("<stream:features");
            assertThat(raw.expect("<stream:error")).contains("connection-timeout");
            assertThat(raw.awaitClosed()).isTrue();
        }
    }

    @Test
    void presenceWaitsWhileInactiveAndMessagesDoNot() throws Exception {
        User idle = xmpp.newUser("life-idle");
        User friend = xmpp.newUser("life-friend");
        try (RawXmpp a = RawXmpp.loggedIn(server, idle); RawXmpp b = RawXmpp.loggedIn(server, friend)) {
            answerPings(a);
            a.send("<inactive xmlns='urn:xmpp:csi:0'/>");
            b.send("<presence xmlns='jabber:client' to='" + idle.bareJid() + "'><status>away soon</status></presence>");
            b.send("<message xmlns='jabber:client' to='" + idle.bareJid() + "' type='chat' id='m1'><body>now</body></message>");
            assertThat(a.expect("<body>now</body>")).as("messages go at once").isNotNull();
            a.send("<active xmlns='urn:xmpp:csi:0'/>");
            assertThat(a.expect("away soon")).as("held presence follows once active").contains("<presence");
        }
    }

    @Test
    void directedPresenceRecipientsLearnWhenTheSenderGoes() throws Exception {
        User leaving = xmpp.newUser("life-leaving");
        User watcher = xmpp.newUser("life-watcher");
        try (RawXmpp w = RawXmpp.loggedIn(server, watcher)) {
            answerPings(w);
            RawXmpp l = RawXmpp.loggedIn(server, leaving);
            answerPings(l);
            l.send("<presence xmlns='jabber:client' to='" + watcher.bareJid() + "'/>");
            assertThat(w.expect("<presence")).contains(l.jid);
            l.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
            String gone = w.expect("unavailable");
            assertThat(gone).contains("from=\"" + l.jid + "\"");
            l.close();
        }
    }

    /** Keeps a raw client alive against the 1 s keep-alive by answering every server ping in the background. */
    private static void answerPings(RawXmpp raw) {
        raw.onPing(id -> raw.send("<iq xmlns='jabber:client' type='result' id='" + id + "' to='parley.local'/>"));
    }
}
