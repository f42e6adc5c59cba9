package dev.parley.server;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.xml.XmlFrameParser;
import dev.parley.chat.xml.XmlLimits;
import dev.parley.common.time.Eventually;
import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline storage (XEP-0160) is capped per recipient, per sender over all recipients, and far lower for
 * guests: ten guests spraying 60 KB messages at every user no longer fill the database.
 */
class OfflineLimitsTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.chat.offline-max-per-sender", 3,
                "parley.chat.offline-max-per-guest-sender", 1));
    static final XmppFixture xmpp = new XmppFixture(server);

    private static String chat(User to, String id) {
        return "<message xmlns='jabber:client' type='chat' to='" + to.bareJid() + "' id='" + id + "'><body>"
                + "x".repeat(60_000) + "</body></message>";
    }

    @Test
    void aSenderMayHaveOnlySoManyMessagesWaitingOverAllRecipients() throws Exception {
        User sender = xmpp.newUser("offline-sprayer");
        User first = xmpp.newUser("offline-first");
        User second = xmpp.newUser("offline-second");
        try (RawXmpp raw = RawXmpp.loggedIn(server, sender)) {
            raw.send(chat(first, "s1"));
            raw.send(chat(second, "s2"));
            raw.send(chat(second, "s3"));
            raw.send(chat(first, "s4"));
            String error = raw.expect("id=\"s4\"");
            assertThat(error).contains("type=\"error\"").contains("service-unavailable")
                    .contains("Too many of your messages wait for offline users (at most 3)");
            assertThat(raw.next(300)).as("the first three were stored").isNull();
        }
        try (RawXmpp firstBack = RawXmpp.loggedIn(server, first)) {
            assertThat(firstBack.expect("<delay")).contains("id=\"s1\"");
        }
    }

    @Test
    void aGuestMayLeaveAlmostNothing() throws Exception {
        RestClient rest = new RestClient();
        Map<String, Object> session = rest.postJson(server.http("/session"), Map.of("application_id", server.app().id(),
                "auth_key", server.app().authKey(), "user", Map.of("guest", "1", "full_name", "Visitor"))).object("session");
        String token = (String) session.get("token");
        long guestId = ((Number) session.get("user_id")).longValue();
        User guest = new User(guestId, server.app().id(), "guest", token, token);
        User staff = xmpp.newUser("offline-staff");
        try (RawXmpp raw = RawXmpp.loggedIn(server, guest)) {
            raw.send(chat(staff, "g1"));
            raw.send(chat(staff, "g2"));
            assertThat(raw.expect("id=\"g2\"")).contains("service-unavailable").contains("(at most 1)");
        }
    }

    /**
     * A message routed to a session that ends before the message reaches its loop (or taken from offline
     * storage for it) goes back to offline storage, keeping its first delay stamp: it used to be dropped, which
     * made the unacknowledged-stanza test lose a message now and then.
     */
    @Test
    void aMessageThatReachesASessionJustAfterItEndedWaitsOffline() throws Exception {
        User reader = xmpp.newUser("offline-late-reader");
        ClientSession ended;
        try (RawXmpp raw = RawXmpp.loggedIn(server, reader)) {
            ended = server.server().chat().registry().sessionsOf(server.app().id(), reader.id()).getFirst();
            raw.send("</stream:stream>");
            Eventually.await("the session ended", Duration.ofSeconds(10),
                    () -> server.server().chat().registry().sessionsOf(server.app().id(), reader.id()).isEmpty());
        }
        String stamp = "2026-01-02T03:04:05.678Z";
        ended.deliver(XmlFrameParser.parse("<message xmlns='jabber:client' type='chat' to='" + reader.bareJid()
                + "' id='late1'><body>routed before the end</body>"
                + "<delay xmlns='urn:xmpp:delay' from='parley.local' stamp='" + stamp + "'/></message>",
                XmlLimits.ofStanzaBytes(65_536)));
        try (RawXmpp back = RawXmpp.loggedIn(server, reader)) {
            String message = back.expect("id=\"late1\"");
            assertThat(message).contains("routed before the end").contains(stamp);
            assertThat(message.split("urn:xmpp:delay", -1)).as("one delay element").hasSize(2);
        }
    }
}
