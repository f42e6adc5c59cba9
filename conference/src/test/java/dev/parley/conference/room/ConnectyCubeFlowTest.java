package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.testing.Answers;
import dev.parley.conference.testing.FakeMedia;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md §4.4 step by step: the requests connectycube@6.1.2's conference client sends (JanusClient.ts,
 * ConferenceSession.ts), in its order, and the fields it reads from what comes back.
 */
class ConnectyCubeFlowTest {

    static final String MEETING = "65a1b2c3d4e5f60718293a4b";

    final JanusHarness harness = new JanusHarness();

    /** ConferenceSession.join: create, attach, join as publisher with the user id, configure with the offer. */
    Peer joinAndPublish(long userId, String name) {
        Peer peer = Peer.connect(harness, harness.auth.user(name, 7, userId, name + "@example.com"));
        ObjectNode joined = peer.join(MEETING, userId, name);
        assertThat(joined.path("videoroom").asText()).isEqualTo("joined");
        peer.request("{\"request\":\"configure\",\"audio\":true,\"video\":true}", "offer", Peer.OFFER);
        assertThat(peer.lastEvent().path("configured").asText()).isEqualTo("ok");
        assertThat(peer.client.lastJsep(peer.handle).path("type").asText()).isEqualTo("answer");
        return peer;
    }

    /** onParticipantJoined: a new handle, {request:"join", ptype:"listener", feed, display}, then start + answer. */
    static Peer listenTo(Peer peer, long feed) {
        Peer remote = peer.newHandle();
        remote.request("{\"request\":\"join\",\"room\":\"" + MEETING + "\",\"ptype\":\"listener\",\"feed\":" + feed
                + ",\"display\":\"me\"}");
        ObjectNode attached = remote.lastEvent();
        assertThat(attached.path("videoroom").asText()).isEqualTo("attached");
        assertThat(attached.path("id").asLong()).isEqualTo(feed);
        String offer = remote.client.lastJsep(remote.handle).path("sdp").asText();
        assertThat(offer).contains("a=sendonly");
        // ConnectyCube asks for nothing (no offer_data): as in Janus, the feed's data channel comes with it, and
        // ConnectyCube's answer takes it ({type:'data'} among its answer's tracks).
        assertThat(offer).containsPattern("m=application \\d+ UDP/DTLS/SCTP webrtc-datachannel");
        remote.request("{\"request\":\"start\",\"room\":\"" + MEETING + "\"}", "answer", Answers.recvonly(offer));
        assertThat(remote.lastEvent().path("started").asText()).isEqualTo("ok");
        return remote;
    }

    @Test
    void threeUsersMeetLeaveAndAListenerOnlyUserIsAnnounced() {
        harness.meetings.meeting(7, MEETING, 1, Set.of(2L, 3L, 4L), Set.of());
        Peer a = joinAndPublish(1, "a");
        Peer b = joinAndPublish(2, "b");

        // a learns of b from an event with publishers; b learned of a from joined.publishers.
        ObjectNode announced = a.lastEvent();
        assertThat(announced.path("publishers").get(0).path("id").asLong()).isEqualTo(2);
        assertThat(announced.path("publishers").get(0).path("display").asText()).isEqualTo("b");
        assertThat(b.events().getFirst().path("publishers").get(0).path("id").asLong()).isEqualTo(1);
        Peer aSeesB = listenTo(a, 2);
        Peer bSeesA = listenTo(b, 1);

        Peer c = joinAndPublish(3, "c");
        listenTo(a, 3);
        listenTo(b, 3);
        listenTo(c, 1);
        listenTo(c, 2);
        assertThat(harness.media.subscribers).hasSize(6);

        // listOnlineParticipants reads data.participants.
        ObjectNode list = a.sync("{\"request\":\"listparticipants\",\"room\":\"" + MEETING + "\"}");
        assertThat(list.path("participants")).extracting(p -> p.path("id").asLong()).containsExactlyInAnyOrder(1L, 2L, 3L);

        // sendKeyframeRequest: configure{keyframe:true} on the publisher handle.
        a.request("{\"request\":\"configure\",\"room\":\"" + MEETING + "\",\"keyframe\":true}");
        assertThat(harness.media.publishers.get(0).keyframes).isEqualTo(1);

        // Keepalive every 25 s, trickle one candidate then completed.
        a.client.send("{\"janus\":\"keepalive\",\"session_id\":" + a.session + "}");
        assertThat(a.client.send("{\"janus\":\"trickle\",\"session_id\":" + a.session + ",\"handle_id\":" + a.handle
                + ",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 198.18.0.2 50000 typ host\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0}}").path("janus").asText()).isEqualTo("ack");
        assertThat(a.client.send("{\"janus\":\"trickle\",\"session_id\":" + a.session + ",\"handle_id\":" + a.handle
                + ",\"candidate\":{\"completed\":true}}").path("janus").asText()).isEqualTo("ack");

        // ConferenceSession.leave: leave with room null, detach, destroy.
        a.request("{\"request\":\"leave\",\"room\":null,\"id\":1}");
        assertThat(a.lastEvent().path("leaving").asText()).isEqualTo("ok");
        assertThat(a.client.send("{\"janus\":\"detach\",\"session_id\":" + a.session + ",\"handle_id\":" + a.handle + "}")
                .path("janus").asText()).isEqualTo("success");
        assertThat(a.client.send("{\"janus\":\"destroy\",\"session_id\":" + a.session + "}").path("janus").asText())
                .isEqualTo("success");

        // b hears unpublished (cast with Number()) and leaving for a; b's listener on a gets an updated offer.
        assertThat(b.eventsWith("unpublished")).extracting(e -> e.path("unpublished").asLong()).containsExactly(1L);
        assertThat(b.eventsWith("leaving")).extracting(e -> e.path("leaving").asLong()).containsExactly(1L);
        assertThat(bSeesA.lastEvent().path("videoroom").asText()).isEqualTo("updated");
        assertThat(bSeesA.lastEvent().path("id").asLong()).isEqualTo(1);
        assertThat(harness.media.subscribers.stream().filter(s -> s.closed)).hasSize(2);
        assertThat(aSeesB.client.sessions()).isZero();

        // joinAsListener: a publisher whose offer has only a data channel, announced all the same.
        Peer d = Peer.connect(harness, harness.auth.user("d", 7, 4, null));
        d.join(MEETING, 4, "d");
        d.request("{\"request\":\"configure\",\"audio\":false,\"video\":false}", "offer", Sdps.text("chromium-offer-data-only.sdp"));
        assertThat(d.lastEvent().path("configured").asText()).isEqualTo("ok");
        assertThat(b.lastEvent().path("publishers").get(0).path("id").asLong()).isEqualTo(4);
        // Each event carries exactly one of the keys the client looks at.
        for (ObjectNode event : b.events()) {
            if (event.path("videoroom").asText().equals("event")) {
                long keys = java.util.stream.Stream.of("publishers", "leaving", "unpublished", "error", "configured")
                        .filter(event::has).count();
                assertThat(keys).as(event.toString()).isEqualTo(1);
            }
        }
    }

    @Test
    void aListenerOnlyUserReceivesTheOthers() {
        Peer a = joinAndPublish(1, "a");
        Peer listener = Peer.connect(harness, harness.auth.user("l", 7, 9, null));
        ObjectNode joined = listener.join(MEETING, 9, "l");
        listener.publish(Sdps.text("chromium-offer-data-only.sdp"));

        Peer sees = listenTo(listener, joined.path("publishers").get(0).path("id").asLong());

        assertThat(sees.lastEvent().path("started").asText()).isEqualTo("ok");
        assertThat(harness.media.lastSubscriber().streams).hasSize(2);
        assertThat(a.lastEvent().path("publishers").get(0).path("id").asLong()).isEqualTo(9);
    }

    /**
     * ConnectyCube subscribes to every publisher it hears of, listener-only users too (their offers have a data
     * channel only). As Janus does, the subscription is a data channel section alone, and the listener's messages
     * reach it; it used to be refused (437), so ConnectyCube reported an error and the listener's sendData reached
     * nobody.
     */
    @Test
    void aListenerOnlyUsersDataReachesThoseWhoSubscribeToIt() {
        Peer a = joinAndPublish(1, "a");
        Peer listener = Peer.connect(harness, harness.auth.user("l", 7, 9, null));
        listener.join(MEETING, 9, "l");
        listener.publish(Sdps.text("chromium-offer-data-only.sdp"));
        FakeMedia.Publisher listenerMedia = harness.media.publishers.getLast();

        Peer aSeesListener = a.newHandle();
        aSeesListener.request("{\"request\":\"join\",\"room\":\"" + MEETING + "\",\"ptype\":\"listener\",\"feed\":9}");
        assertThat(aSeesListener.lastEvent().path("videoroom").asText()).isEqualTo("attached");
        String offer = aSeesListener.client.lastJsep(aSeesListener.handle).path("sdp").asText();
        assertThat(offer).doesNotContain("m=audio").doesNotContain("m=video")
                .containsPattern("m=application \\d+ UDP/DTLS/SCTP webrtc-datachannel");
        aSeesListener.request("{\"request\":\"start\",\"room\":\"" + MEETING + "\"}", "answer", Answers.recvonly(offer));
        assertThat(aSeesListener.lastEvent().path("started").asText()).isEqualTo("ok");
        FakeMedia.Subscriber toA = harness.media.lastSubscriber();
        assertThat(toA.streams).isEmpty();
        assertThat(toA.dataFeeds).containsExactly(listenerMedia);

        // Refusing data leaves nothing to offer.
        Peer refuses = a.newHandle();
        refuses.request("{\"request\":\"join\",\"room\":\"" + MEETING + "\",\"ptype\":\"listener\",\"feed\":9,"
                + "\"offer_data\":false}");
        assertThat(refuses.lastEvent().path("error").asText()).contains("no stream");

        // The listener leaves: its messages no longer have a way to the subscription.
        listener.request("{\"request\":\"leave\"}");
        assertThat(toA.dataFeeds).isEmpty();
    }
}
