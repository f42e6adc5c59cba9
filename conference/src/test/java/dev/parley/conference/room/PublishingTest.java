package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.testing.FakeMedia;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md §4.3: publishers join, publish with an offer Parley answers, configure, unpublish and leave. */
class PublishingTest {

    final JanusHarness harness = new JanusHarness();
    final Peer alice = Peer.connect(harness, harness.auth.user("alice", 1, 10, null));
    final Peer bob = Peer.connect(harness, harness.auth.user("bob", 1, 11, null));

    @Test
    void joinedListsWhoPublishesAlready() {
        ObjectNode first = alice.join("room-1", 10, "Alice");
        alice.publish();

        ObjectNode second = bob.join("room-1", 11, "Bob");

        assertThat(first.path("videoroom").asText()).isEqualTo("joined");
        assertThat(first.path("room").asText()).isEqualTo("room-1");
        assertThat(first.path("id").asLong()).isEqualTo(10);
        assertThat(first.path("private_id").asLong()).isPositive();
        assertThat(first.path("publishers")).isEmpty();
        assertThat(second.path("publishers")).hasSize(1);
        ObjectNode listed = (ObjectNode) second.path("publishers").get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(10);
        assertThat(listed.path("display").asText()).isEqualTo("Alice");
        assertThat(listed.path("audio_codec").asText()).isEqualTo("opus");
        assertThat(listed.path("video_codec").asText()).isEqualTo("vp8");
        assertThat(listed.path("streams").toString()).isEqualTo("[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},"
                + "{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"}]");
    }

    @Test
    void configureWithAnOfferIsAnsweredAndAnnouncedToTheOthers() throws Exception {
        alice.join("room-1", 10, "Alice");
        bob.join("room-1", 11, "Bob");

        ObjectNode configured = alice.publish();

        assertThat(configured.path("configured").asText()).isEqualTo("ok");
        assertThat(configured.path("audio_codec").asText()).isEqualTo("opus");
        assertThat(configured.path("video_codec").asText()).isEqualTo("vp8");
        ObjectNode jsep = alice.client.lastJsep(alice.handle);
        assertThat(jsep.path("type").asText()).isEqualTo("answer");
        SessionDescription answer = SdpParser.parse(jsep.path("sdp").asText());
        assertThat(answer.media()).extracting(section -> section.direction()).startsWith(Direction.RECVONLY, Direction.RECVONLY);
        assertThat(answer.media().get(2).rejected()).isFalse(); // the data channel
        assertThat(answer.media().get(2).attribute("sctp-port")).contains("5000");
        assertThat(answer.media().getFirst().attribute("ice-ufrag")).contains("fake1r0");
        ObjectNode announced = bob.lastEvent();
        assertThat(announced.path("videoroom").asText()).isEqualTo("event");
        assertThat(announced.path("publishers").get(0).path("id").asLong()).isEqualTo(10);
        assertThat(alice.eventsWith("publishers")).isEmpty();
        FakeMedia.Publisher endpoint = harness.media.lastPublisher();
        assertThat(endpoint.streams).hasSize(2);
        assertThat(endpoint.streams.get(0).extensions()).containsKey(HeaderExtension.AUDIO_LEVEL);
        assertThat(endpoint.remote.iceUfrag()).isNotBlank();
        assertThat(endpoint.dataSender).isEqualTo("10");
        assertThat(endpoint.dataMaxMessageSize).isEqualTo(262144);
    }

    @Test
    void aParticipantWithADataChannelOnlyIsStillAnnounced() {
        alice.join("room-1", 10, "Alice");
        bob.join("room-1", 11, "Bob");

        ObjectNode configured = alice.publish(Sdps.text("chromium-offer-data-only.sdp"));

        assertThat(configured.path("configured").asText()).isEqualTo("ok");
        assertThat(harness.media.publishers).singleElement().satisfies(p -> {
            assertThat(p.streams).isEmpty();
            assertThat(p.dataSender).isEqualTo("10");
        });
        assertThat(bob.lastEvent().path("publishers").get(0).path("id").asLong()).isEqualTo(10);
        assertThat(bob.lastEvent().path("publishers").get(0).path("streams")).isEmpty();
    }

    @Test
    void unpublishTellsTheOthersAndClosesTheMedia() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");

        alice.request("{\"request\":\"unpublish\"}");

        assertThat(alice.lastEvent().path("unpublished").asText()).isEqualTo("ok");
        assertThat(bob.lastEvent().path("unpublished").asLong()).isEqualTo(10);
        assertThat(harness.media.lastPublisher().closed).isTrue();
        alice.request("{\"request\":\"unpublish\"}");
        assertThat(alice.lastEvent().path("error_code").asInt()).isEqualTo(435);
    }

    @Test
    void leaveTellsTheOthersUnpublishedThenLeaving() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");

        alice.request("{\"request\":\"leave\"}");

        assertThat(alice.lastEvent().path("leaving").asText()).isEqualTo("ok");
        assertThat(bob.events().subList(bob.events().size() - 2, bob.events().size()))
                .extracting(event -> event.has("unpublished") ? "unpublished " + event.path("unpublished").asLong()
                        : "leaving " + event.path("leaving").asLong())
                .containsExactly("unpublished 10", "leaving 10");
        alice.request("{\"request\":\"configure\",\"audio\":false}");
        assertThat(alice.lastEvent().path("error_code").asInt()).isEqualTo(424);
    }

    @Test
    void configureWithoutAnOfferStopsAndResumesRelayingAKind() {
        alice.join("room-1", 10, "Alice");
        alice.publish();

        alice.request("{\"request\":\"configure\",\"audio\":false}");
        boolean stopped = harness.media.lastPublisher().forwarding.get("0");
        alice.request("{\"request\":\"configure\",\"audio\":true}");

        assertThat(alice.lastEvent().path("configured").asText()).isEqualTo("ok");
        assertThat(stopped).isFalse();
        assertThat(harness.media.lastPublisher().forwarding).containsEntry("0", true).containsEntry("1", true);
    }

    @Test
    void configureCapsTheBitrateAndAsksForKeyframes() {
        alice.join("room-1", 10, "Alice");
        alice.publish();

        alice.request("{\"request\":\"configure\",\"bitrate\":256000}");
        alice.request("{\"request\":\"configure\",\"keyframe\":true}");

        assertThat(harness.media.lastPublisher().bitrate).isEqualTo(256000);
        assertThat(harness.media.lastPublisher().keyframes).isEqualTo(1);
    }

    @Test
    void refusesWhatPublishersCannotDo() {
        alice.join("room-1", 10, "Alice");

        alice.request("{\"request\":\"publish\"}");
        int withoutOffer = alice.lastEvent().path("error_code").asInt();
        alice.request("{\"request\":\"configure\"}", "answer", Peer.OFFER);
        int answerInstead = alice.lastEvent().path("error_code").asInt();
        alice.request("{\"request\":\"configure\"}", "offer", Peer.OFFER.replaceAll("a=ice-ufrag:[^\r]*\r\n", ""));
        ObjectNode badOffer = alice.lastEvent();
        alice.request("{\"request\":\"publish\"}", "offer", Peer.OFFER);
        alice.request("{\"request\":\"publish\"}", "offer", Peer.OFFER);
        int twice = alice.lastEvent().path("error_code").asInt();
        alice.request("{\"request\":\"start\"}");

        assertThat(withoutOffer).isEqualTo(429);
        assertThat(answerInstead).isEqualTo(431);
        assertThat(badOffer.path("error_code").asInt()).isEqualTo(437);
        assertThat(badOffer.path("error").asText()).contains("ice-ufrag");
        assertThat(twice).isEqualTo(434);
        assertThat(alice.lastEvent().path("error_code").asInt()).isEqualTo(423);
    }

    @Test
    void joinAndConfigureJoinsAndPublishesAtOnce() {
        alice.request("{\"request\":\"joinandconfigure\",\"room\":\"room-1\",\"ptype\":\"publisher\",\"id\":10,"
                + "\"audio\":true,\"video\":true}", "offer", Peer.OFFER);

        assertThat(alice.events()).extracting(event -> event.path("videoroom").asText()).containsExactly("joined", "event");
        assertThat(alice.lastEvent().path("configured").asText()).isEqualTo("ok");
        assertThat(alice.client.lastJsep(alice.handle).path("type").asText()).isEqualTo("answer");
    }

    @Test
    void tellsThePublisherWhatTheMediaPlaneSees() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");
        FakeMedia.Publisher endpoint = harness.media.lastPublisher();

        endpoint.listener.connected();
        endpoint.listener.receiving("1", true);
        endpoint.listener.slowLink("1", true, 40);
        endpoint.listener.audioLevel("0", 20);
        endpoint.listener.audioLevel("0", 22);
        endpoint.listener.audioLevel("0", 90);

        assertThat(alice.coreEvents("webrtcup")).hasSize(1);
        assertThat(alice.coreEvents("media").getFirst().toString()).contains("\"mid\":\"1\",\"type\":\"video\",\"receiving\":true");
        assertThat(alice.coreEvents("slowlink").getFirst().path("lost").asInt()).isEqualTo(40);
        assertThat(bob.events()).extracting(event -> event.path("videoroom").asText())
                .containsSubsequence("talking", "stopped-talking").filteredOn(type -> type.contains("talking")).hasSize(2);
        ObjectNode talking = bob.events().stream().filter(event -> event.has("audio-level-dBov-avg")).findFirst().orElseThrow();
        assertThat(talking.path("id").asLong()).isEqualTo(10);
        assertThat(talking.path("audio-level-dBov-avg").asInt()).isEqualTo(20);
        assertThat(alice.events()).anyMatch(event -> event.path("videoroom").asText().equals("talking"));
    }

    @Test
    void announcesTheDominantSpeakerToEveryoneAndToNewcomers() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        FakeMedia.Publisher aliceMedia = harness.media.lastPublisher();
        bob.join("room-1", 11, "Bob");
        bob.publish();
        FakeMedia.Publisher bobMedia = harness.media.lastPublisher();

        speak(3_000, aliceMedia, 20, bobMedia, 127);

        assertThat(dominantSpeakers(bob)).containsExactly(10L);
        assertThat(dominantSpeakers(alice)).containsExactly(10L);
        Peer carol = Peer.connect(harness, harness.auth.user("carol", 1, 12, null));
        carol.join("room-1", 12, "Carol");
        assertThat(carol.events()).extracting(e -> e.path("videoroom").asText()).containsExactly("joined", "dominant-speaker");
        assertThat(carol.lastEvent().path("id").asLong()).isEqualTo(10);

        // Bob talks with his audio off (configure audio:false): it is not relayed, so it takes no floor.
        bob.request("{\"request\":\"configure\",\"audio\":false}");
        speak(3_000, aliceMedia, 127, bobMedia, 20);
        assertThat(dominantSpeakers(carol)).containsExactly(10L);

        bob.request("{\"request\":\"configure\",\"audio\":true}");
        speak(3_000, aliceMedia, 127, bobMedia, 20);
        assertThat(dominantSpeakers(carol)).containsExactly(10L, 11L);
    }

    /** Each publisher's speech level reports every 80 ms for {@code millis} on the room's clock. */
    private void speak(long millis, FakeMedia.Publisher a, int aLevel, FakeMedia.Publisher b, int bLevel) {
        for (long t = 0; t < millis; t += 80) {
            a.listener.speechLevel("0", aLevel);
            b.listener.speechLevel("0", bLevel);
            harness.scheduler.advance(Duration.ofMillis(80));
        }
    }

    private static List<Long> dominantSpeakers(Peer peer) {
        return peer.events().stream().filter(e -> e.path("videoroom").asText().equals("dominant-speaker"))
                .map(e -> e.path("id").asLong()).toList();
    }

    @Test
    void aPublisherWhoseTransportClosesLeaves() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");

        harness.media.lastPublisher().listener.closed("Consent expired");

        assertThat(alice.coreEvents("hangup").getFirst().path("reason").asText()).isEqualTo("Consent expired");
        assertThat(bob.eventsWith("unpublished")).hasSize(1);
        assertThat(bob.lastEvent().path("leaving").asLong()).isEqualTo(10);
        harness.media.lastPublisher().listener.connected();
        assertThat(alice.coreEvents("webrtcup")).isEmpty();
    }

    @Test
    void anIceRestartGetsNewCredentialsAndNoNewAnnouncement() throws Exception {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");
        int announcements = bob.eventsWith("publishers").size();

        alice.publish(Peer.OFFER.replaceAll("a=ice-ufrag:[^\r]*", "a=ice-ufrag:neww")
                .replaceAll("a=ice-pwd:[^\r]*", "a=ice-pwd:newpasswordnewpasswordnewpw"));

        SessionDescription answer = SdpParser.parse(alice.client.lastJsep(alice.handle).path("sdp").asText());
        assertThat(answer.media().getFirst().attribute("ice-ufrag")).contains("fake1r1");
        assertThat(harness.media.lastPublisher().remote.iceUfrag()).isEqualTo("neww");
        assertThat(harness.media.publishers).hasSize(1);
        assertThat(bob.eventsWith("publishers")).hasSize(announcements);
    }

    @Test
    void hangupStopsPublishingButStaysInTheRoom() {
        alice.join("room-1", 10, "Alice");
        alice.publish();
        bob.join("room-1", 11, "Bob");

        alice.client.send("{\"janus\":\"hangup\",\"session_id\":" + alice.session + ",\"handle_id\":" + alice.handle + "}");

        assertThat(bob.lastEvent().path("unpublished").asLong()).isEqualTo(10);
        assertThat(alice.coreEvents("hangup")).hasSize(1);
        alice.publish();
        assertThat(bob.lastEvent().path("publishers").get(0).path("id").asLong()).isEqualTo(10);
    }
}
