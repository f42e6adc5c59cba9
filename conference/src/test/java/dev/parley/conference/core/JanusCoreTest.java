package dev.parley.conference.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.negotiation.CodecPreferences;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md §4.2 and Janus's janus.c: sessions, handles, tokens, keepalives and timeouts. */
class JanusCoreTest {

    final JanusHarness harness = new JanusHarness();
    final String alice = harness.auth.user("alice-token", 1, 10, "alice@example.com");
    final String bob = harness.auth.user("bob-token", 1, 11, "bob@example.com");
    final String mallory = harness.auth.user("mallory-token", 2, 10, null);

    static int code(ObjectNode answer) {
        assertThat(answer.path("janus").asText()).as(answer.toString()).isEqualTo("error");
        return answer.path("error").path("code").asInt();
    }

    @Test
    void createsASessionAndAttachesToTheVideoRoom() {
        JanusHarness.Client client = harness.client(alice);

        ObjectNode created = client.send("{\"janus\":\"create\"}");
        long session = created.path("data").path("id").asLong();
        ObjectNode attached = client.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"session_id\":" + session + "}");

        assertThat(created.path("janus").asText()).isEqualTo("success");
        assertThat(created.has("session_id")).isFalse();
        assertThat(session).isPositive().isLessThan(1L << 53);
        assertThat(attached.path("janus").asText()).isEqualTo("success");
        assertThat(attached.path("session_id").asLong()).isEqualTo(session);
        assertThat(attached.path("data").path("id").asLong()).isPositive();
    }

    @Test
    void acknowledgesKeepalivesAndTrickles() {
        Peer peer = Peer.connect(harness, alice);

        ObjectNode keepalive = peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");
        ObjectNode trickle = peer.client.send("{\"janus\":\"trickle\",\"session_id\":" + peer.session + ",\"handle_id\":"
                + peer.handle + ",\"candidate\":{\"completed\":true}}");

        assertThat(keepalive.path("janus").asText()).isEqualTo("ack");
        assertThat(trickle.path("janus").asText()).isEqualTo("ack");
    }

    @Test
    void detachesAHandleAndDestroysASession() {
        Peer peer = Peer.connect(harness, alice);

        ObjectNode detached = peer.client.send("{\"janus\":\"detach\",\"session_id\":" + peer.session + ",\"handle_id\":" + peer.handle + "}");
        ObjectNode event = peer.client.received.getLast();
        ObjectNode again = peer.client.send("{\"janus\":\"detach\",\"session_id\":" + peer.session + ",\"handle_id\":" + peer.handle + "}");
        ObjectNode destroyed = peer.client.send("{\"janus\":\"destroy\",\"session_id\":" + peer.session + "}");
        ObjectNode gone = peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");

        assertThat(detached.path("janus").asText()).isEqualTo("success");
        assertThat(event.toString()).isEqualTo("{\"janus\":\"detached\",\"session_id\":" + peer.session + ",\"sender\":"
                + peer.handle + "}");
        assertThat(code(again)).isEqualTo(459);
        assertThat(again.path("error").path("reason").asText())
                .isEqualTo("No such handle " + peer.handle + " in session " + peer.session);
        assertThat(destroyed.path("janus").asText()).isEqualTo("success");
        assertThat(code(gone)).isEqualTo(458);
        assertThat(gone.path("error").path("reason").asText()).isEqualTo("No such session " + peer.session);
        assertThat(peer.client.sessions()).isZero();
    }

    @Test
    void anotherUsersSessionIsNoSuchSession() {
        Peer alicePeer = Peer.connect(harness, alice);

        ObjectNode asBob = harness.client(bob).send("{\"janus\":\"keepalive\",\"session_id\":" + alicePeer.session + "}");
        ObjectNode asMallory = harness.client(mallory).send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\","
                + "\"session_id\":" + alicePeer.session + "}");

        assertThat(code(asBob)).isEqualTo(458);
        assertThat(code(asMallory)).isEqualTo(458);
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        ObjectNode none = harness.client(null).send("{\"janus\":\"create\"}");
        ObjectNode unknown = harness.client("nobody").send("{\"janus\":\"create\"}");
        Peer peer = Peer.connect(harness, alice);
        harness.auth.expire(alice);
        ObjectNode remembered = peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");
        harness.scheduler.advance(Duration.ofSeconds(5));
        ObjectNode expired = peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");

        assertThat(code(none)).isEqualTo(403);
        assertThat(none.path("error").path("reason").asText()).startsWith("Unauthorized request (wrong or missing secret/token)");
        assertThat(code(unknown)).isEqualTo(403);
        assertThat(remembered.path("janus").asText()).as("within the recheck interval").isEqualTo("ack");
        assertThat(code(expired)).as("checked again after it").isEqualTo(403);
    }

    @Test
    void aJoiningClientsBurstOfRequestsChecksItsTokenOnce() {
        Peer peer = Peer.connect(harness, alice);
        int checks = harness.auth.checks();

        for (int i = 0; i < 30; i++) {
            assertThat(peer.client.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"session_id\":"
                    + peer.session + "}").path("janus").asText()).isEqualTo("success");
        }
        assertThat(harness.auth.checks()).isEqualTo(checks);

        harness.scheduler.advance(Duration.ofSeconds(5));
        peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");
        assertThat(harness.auth.checks()).isEqualTo(checks + 1);
    }

    @Test
    void saysTryAgainWhenTokensCannotBeChecked() {
        harness.auth.down(true);

        ObjectNode answer = harness.client(alice).send("{\"janus\":\"create\"}");

        assertThat(code(answer)).isEqualTo(490);
        assertThat(answer.path("error").path("reason").asText()).contains("try again");
    }

    @Test
    void answersInfoAndPingWithoutAToken() {
        JanusHarness.Client anonymous = harness.client(null);

        ObjectNode info = anonymous.send("{\"janus\":\"info\"}");
        ObjectNode pong = anonymous.send("{\"janus\":\"ping\"}");

        assertThat(info.path("janus").asText()).isEqualTo("server_info");
        assertThat(info.path("plugins").has("janus.plugin.videoroom")).isTrue();
        assertThat(info.path("ice-lite").asBoolean()).isTrue();
        assertThat(pong.path("janus").asText()).isEqualTo("pong");
    }

    @Test
    void refusesAnUnknownPlugin() {
        JanusHarness.Client client = harness.client(alice);
        long session = client.createSession();

        ObjectNode answer = client.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.echotest\",\"session_id\":" + session + "}");

        assertThat(code(answer)).isEqualTo(460);
        assertThat(answer.path("error").path("reason").asText()).isEqualTo("No such plugin 'janus.plugin.echotest'");
    }

    @Test
    void refusesAnSdpThatDoesNotParseBeforeThePluginSeesIt() {
        Peer peer = Peer.connect(harness, alice);

        ObjectNode answer = peer.request("{\"request\":\"configure\"}", "offer", "v=0\r\nnonsense\r\n");

        assertThat(code(answer)).isEqualTo(465);
        assertThat(answer.path("error").path("reason").asText()).startsWith("JSEP error: invalid SDP");
    }

    @Test
    void timesOutASessionWithoutKeepalivesAndTellsTheRoom() {
        Peer quiet = Peer.connect(harness, alice);
        Peer other = Peer.connect(harness, bob);
        quiet.join("r1", 10, "alice");
        quiet.publish();
        other.join("r1", 11, "bob");

        harness.scheduler.advance(Duration.ofMillis(59_000));
        other.client.send("{\"janus\":\"keepalive\",\"session_id\":" + other.session + "}");
        harness.scheduler.advance(Duration.ofMillis(1_000));

        assertThat(quiet.client.received.getLast().toString())
                .isEqualTo("{\"janus\":\"timeout\",\"session_id\":" + quiet.session + "}");
        assertThat(code(quiet.client.send("{\"janus\":\"keepalive\",\"session_id\":" + quiet.session + "}"))).isEqualTo(458);
        assertThat(other.eventsWith("unpublished")).extracting(e -> e.path("unpublished").asLong()).containsExactly(10L);
        assertThat(other.eventsWith("leaving")).extracting(e -> e.path("leaving").asLong()).containsExactly(10L);
        assertThat(harness.media.lastPublisher().closed).isTrue();
    }

    @Test
    void everyRequestPutsTheTimeoutOff() {
        Peer peer = Peer.connect(harness, alice);

        for (int i = 0; i < 5; i++) {
            harness.scheduler.advance(Duration.ofMillis(50_000));
            peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}");
        }
        harness.scheduler.advance(Duration.ofMillis(59_999));

        assertThat(peer.client.send("{\"janus\":\"keepalive\",\"session_id\":" + peer.session + "}").path("janus").asText())
                .isEqualTo("ack");
    }

    @Test
    void theSessionTimeoutIsConfigurable() {
        JanusHarness quick = new JanusHarness(new ConferenceSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 64 * 1024,
                4, 10, 40, 100, 12, CodecPreferences.DEFAULT, 25, 0, Duration.ofSeconds(5)));
        Peer peer = Peer.connect(quick, quick.auth.user("t", 1, 1, null));

        quick.scheduler.advance(Duration.ofMillis(5_000));

        assertThat(peer.client.received.getLast().path("janus").asText()).isEqualTo("timeout");
    }

    @Test
    void aClosedConnectionDestroysItsSessions() {
        Peer leaving = Peer.connect(harness, alice);
        Peer staying = Peer.connect(harness, bob);
        leaving.join("r1", 10, "alice");
        leaving.publish();
        staying.join("r1", 11, "bob");

        leaving.client.disconnect();

        assertThat(staying.eventsWith("leaving")).extracting(e -> e.path("leaving").asLong()).containsExactly(10L);
        assertThat(code(staying.client.send("{\"janus\":\"keepalive\",\"session_id\":" + leaving.session + "}")))
                .isEqualTo(458);
        assertThat(harness.scheduler.pendingTasks()).isEqualTo(1);
    }

    @Test
    void boundsSessionsPerConnectionAndPerUserAndHandlesPerSession() {
        JanusHarness.Client client = harness.client(alice);
        for (int i = 0; i < JanusHarness.SETTINGS.maxSessionsPerConnection(); i++) {
            client.createSession();
        }
        ObjectNode fifth = client.send("{\"janus\":\"create\"}");
        for (int i = 0; i < JanusHarness.SETTINGS.maxSessionsPerUser() - JanusHarness.SETTINGS.maxSessionsPerConnection(); i++) {
            harness.client(alice).createSession();
        }
        ObjectNode eleventh = harness.client(alice).send("{\"janus\":\"create\"}");
        JanusHarness.Client bobClient = harness.client(bob);
        long session = bobClient.createSession();
        for (int i = 0; i < JanusHarness.SETTINGS.maxHandlesPerSession(); i++) {
            bobClient.attach(session);
        }
        ObjectNode handle = bobClient.send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"session_id\":" + session + "}");

        assertThat(code(fifth)).isEqualTo(472);
        assertThat(fifth.path("error").path("reason").asText()).contains("connection");
        assertThat(code(eleventh)).isEqualTo(472);
        assertThat(eleventh.path("error").path("reason").asText()).contains("user");
        assertThat(code(handle)).isEqualTo(461);
    }

    @Test
    void aDestroyedSessionNoLongerCountsAgainstItsUser() {
        for (int i = 0; i < JanusHarness.SETTINGS.maxSessionsPerUser(); i++) {
            JanusHarness.Client client = harness.client(alice);
            long session = client.createSession();
            client.send("{\"janus\":\"destroy\",\"session_id\":" + session + "}");
        }

        assertThat(harness.client(alice).send("{\"janus\":\"create\"}").path("janus").asText()).isEqualTo("success");
    }

    @Test
    void claimMovesASessionsEventsToTheNewConnection() {
        Peer peer = Peer.connect(harness, alice);
        JanusHarness.Client reconnected = harness.client(alice);

        ObjectNode claimed = reconnected.send("{\"janus\":\"claim\",\"session_id\":" + peer.session + "}");
        reconnected.message(peer.session, peer.handle, "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":1}");

        assertThat(claimed.path("janus").asText()).isEqualTo("success");
        assertThat(reconnected.lastEvent(peer.handle).path("videoroom").asText()).isEqualTo("joined");
        assertThat(peer.client.sessions()).isZero();
    }
}
