package dev.parley.server;

import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
}
