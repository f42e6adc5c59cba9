package dev.parley.server;

import dev.parley.chat.session.UnackedBudget;
import dev.parley.common.time.Eventually;
import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XEP-0198 keeps what it sends until the client acknowledges it. A user whose connections enable resumption,
 * answer pings and never acknowledge used to make the server keep every stanza sent to them (up to 1000 of
 * 64 KiB per connection, ten connections per user): a few such guests filled the heap. The memory kept is now
 * bounded per connection, per user and per server; a connection that breaks a bound is closed with
 * policy-violation, and what it had not acknowledged goes to offline storage.
 */
class UnackedStanzaLimitsTest {

    private static final long PER_CONNECTION = 256 * 1024;
    private static final long PER_USER = 512 * 1024;

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of(
                "parley.chat.max-unacked-bytes", PER_CONNECTION,
                "parley.chat.max-unacked-bytes-per-user", PER_USER,
                "parley.chat.inbound-bytes-burst", "4m",
                "parley.chat.inbound-bytes-per-second", "4m"));
    static final XmppFixture xmpp = new XmppFixture(server);

    @Test
    void connectionsThatNeverAcknowledgeAreClosedBeforeTheyHoldMoreThanTheirShare() throws Exception {
        User victim = xmpp.newUser("sm-hoarder");
        User attacker = xmpp.newUser("sm-flooder");
        UnackedBudget budget = server.server().chat().unacked();
        List<RawXmpp> hoarders = new ArrayList<>();
        AtomicLong mostHeld = new AtomicLong();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                mostHeld.accumulateAndGet(budget.usedBy(victim.applicationId(), victim.id()), Math::max);
                Thread.onSpinWait();
            }
        });
        try (PingProbe bystander = PingProbe.start(server, xmpp.newUser("sm-bystander"));
             RawXmpp flooder = RawXmpp.loggedIn(server, attacker)) {
            for (int i = 0; i < 4; i++) {
                RawXmpp hoarder = RawXmpp.loggedIn(server, victim);
                hoarder.onPing(id -> hoarder.send("<iq xmlns='jabber:client' type='result' id='" + id + "' to='parley.local'/>"));
                hoarder.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
                hoarder.expect("<enabled");
                hoarders.add(hoarder);
            }
            String payload = "x".repeat(60_000);
            for (int i = 0; i < 12; i++) {
                flooder.send("<message xmlns='jabber:client' type='chat' to='" + victim.bareJid() + "' id='big" + i
                        + "'><body>" + payload + "</body></message>");
            }
            for (RawXmpp hoarder : hoarders) {
                assertThat(hoarder.expect("<stream:error")).contains("policy-violation").contains("unacknowledged");
                assertThat(hoarder.awaitClosed()).isTrue();
            }
            bystander.stop("the unacknowledged-stanza flood");
        } finally {
            watcher.interrupt();
            hoarders.forEach(RawXmpp::close);
        }
        // One stanza may always be queued (a client that keeps up is never refused), so the bound is the
        // user's share plus at most one stanza's weight.
        assertThat(mostHeld.get()).isGreaterThan(0).isLessThanOrEqualTo(PER_USER + 2 * 60_000 + 1024);
        Eventually.await("the closed connections' share given back", Duration.ofSeconds(10),
                () -> budget.usedBy(victim.applicationId(), victim.id()) == 0);

        // Nothing was lost silently: what the closed connections had not acknowledged waits offline.
        try (RawXmpp back = RawXmpp.loggedIn(server, victim)) {
            assertThat(back.expect("<delay")).contains("id=\"big");
        }
    }

    @Test
    void theUnacknowledgedMemoryIsAMetric() {
        assertThat(new RestClient().get(server.http("/metrics")).body()).contains("parley_chat_unacked_bytes");
    }
}
