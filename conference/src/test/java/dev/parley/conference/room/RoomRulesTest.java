package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md §4.5: rooms, meetings, the publisher cap, participant ids and join-rejoin. */
class RoomRulesTest {

    static final String MEETING = "65a1b2c3d4e5f60718293a4b";

    final JanusHarness harness = new JanusHarness();

    Peer user(long applicationId, long userId, String email) {
        return Peer.connect(harness, harness.auth.user("token-" + applicationId + "-" + userId, applicationId, userId, email));
    }

    @Test
    void theSameRoomIdInTwoApplicationsIsTwoRooms() {
        Peer alice = user(1, 10, null);
        Peer mallory = user(2, 20, null);
        alice.join("room", 10, "Alice");
        alice.publish();

        ObjectNode joined = mallory.join("room", 20, "Mallory");
        mallory.publish();

        assertThat(joined.path("publishers")).isEmpty();
        assertThat(alice.eventsWith("publishers")).isEmpty();
        assertThat(mallory.sync("{\"request\":\"listparticipants\",\"room\":\"room\"}").path("participants"))
                .extracting(p -> p.path("id").asLong()).containsExactly(20L);
    }

    @Test
    void aNumericRoomIdAndItsStringAreOneRoom() {
        Peer alice = user(1, 10, null);
        Peer bob = user(1, 11, null);
        alice.request("{\"request\":\"join\",\"room\":1234,\"ptype\":\"publisher\",\"id\":10}");
        alice.publish();

        ObjectNode joined = bob.join("1234", 11, "Bob");

        assertThat(alice.lastEvent().path("room").isNumber()).isTrue();
        assertThat(joined.path("room").isNumber()).isTrue();
        assertThat(joined.path("publishers")).hasSize(1);
    }

    @Test
    void aMeetingsRoomAdmitsItsHostAndAttendeesByIdOrEmail() {
        harness.meetings.meeting(1, MEETING, 10, Set.of(11L), Set.of("Carol@Example.com"));
        Peer host = user(1, 10, null);
        Peer attendee = user(1, 11, null);
        Peer byEmail = user(1, 12, "carol@example.com");
        Peer stranger = user(1, 13, "mallory@example.com");

        host.join(MEETING, 10, "Host");
        host.publish();
        attendee.join(MEETING, 11, "Attendee");
        byEmail.join(MEETING, 12, "Carol");
        int eventsBefore = host.events().size();
        ObjectNode refused = stranger.join(MEETING, 13, "Mallory");
        Peer strangerFeed = stranger.newHandle();
        strangerFeed.listen(MEETING, 10);
        ObjectNode list = stranger.sync("{\"request\":\"listparticipants\",\"room\":\"" + MEETING + "\"}");

        assertThat(attendee.lastEvent().path("videoroom").asText()).isEqualTo("joined");
        assertThat(byEmail.lastEvent().path("videoroom").asText()).isEqualTo("joined");
        assertThat(refused.path("error_code").asInt()).isEqualTo(433);
        assertThat(strangerFeed.lastEvent().path("error_code").asInt()).isEqualTo(433);
        assertThat(list.path("error_code").asInt()).isEqualTo(433);
        assertThat(host.events()).hasSize(eventsBefore);
        assertThat(harness.media.subscribers).isEmpty();
    }

    @Test
    void aStrangerToAMeetingLeavesNoRoomBehind() {
        harness.meetings.meeting(1, MEETING, 10, Set.of(), Set.of());
        Peer stranger = user(1, 13, null);

        stranger.join(MEETING, 13, "Mallory");

        assertThat(stranger.sync("{\"request\":\"exists\",\"room\":\"" + MEETING + "\"}").path("exists").asBoolean()).isFalse();
    }

    @Test
    void aMeetingLookupThatFailsRefusesWithTryAgain() {
        harness.meetings.down(true);

        ObjectNode refused = user(1, 10, null).join(MEETING, 10, "Host");

        assertThat(refused.path("error_code").asInt()).isEqualTo(499);
        assertThat(refused.path("error").asText()).contains("try again");
    }

    @Test
    void theThirteenthPublisherGets432() {
        List<Peer> peers = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            Peer peer = user(1, i, null);
            peer.join("big", i, "P" + i);
            peers.add(peer);
        }
        for (int i = 0; i < 12; i++) {
            assertThat(peers.get(i).publish().path("configured").asText()).isEqualTo("ok");
        }

        ObjectNode thirteenth = peers.get(12).publish();
        peers.get(0).request("{\"request\":\"unpublish\"}");
        ObjectNode afterOneLeft = peers.get(12).publish();

        assertThat(thirteenth.path("error_code").asInt()).isEqualTo(432);
        assertThat(thirteenth.path("error").asText()).isEqualTo("Maximum number of publishers (12) already reached");
        assertThat(afterOneLeft.path("configured").asText()).isEqualTo("ok");
    }

    @Test
    void anIdHeldByAnotherUserIs436() {
        Peer alice = user(1, 10, null);
        Peer mallory = user(1, 20, null);
        alice.join("r", 10, "Alice");

        ObjectNode taken = mallory.join("r", 10, "Mallory");

        assertThat(taken.path("error_code").asInt()).isEqualTo(436);
        assertThat(taken.path("error").asText()).isEqualTo("User ID 10 already exists");
    }

    @Test
    void joiningAgainWithOnesOwnIdReplacesTheOldParticipant() {
        Peer alice = user(1, 10, null);
        Peer bob = user(1, 11, null);
        alice.join("r", 10, "Alice");
        alice.publish();
        bob.join("r", 11, "Bob");
        Peer aliceAgain = Peer.connect(harness, "token-1-10");

        ObjectNode joined = aliceAgain.join("r", 10, "Alice");
        aliceAgain.publish();

        assertThat(joined.path("videoroom").asText()).isEqualTo("joined");
        assertThat(joined.path("publishers")).isEmpty();
        List<String> seen = bob.events().stream().filter(event -> event.path("videoroom").asText().equals("event"))
                .map(event -> event.has("publishers") ? "publishers " + event.path("publishers").get(0).path("id").asLong()
                        : event.has("unpublished") ? "unpublished " + event.path("unpublished").asLong()
                        : "leaving " + event.path("leaving").asLong()).toList();
        assertThat(seen).containsExactly("unpublished 10", "leaving 10", "publishers 10");
        assertThat(alice.lastEvent().path("reason").asText()).isEqualTo("replaced");
        assertThat(alice.coreEvents("hangup")).hasSize(1);
        assertThat(harness.media.publishers.getFirst().closed).isTrue();
        alice.request("{\"request\":\"configure\",\"audio\":false}");
        assertThat(alice.lastEvent().path("error_code").asInt()).isEqualTo(424);
    }

    @Test
    void parleyPicksAnIdWhenTheClientGivesNone() {
        Peer alice = user(1, 10, null);

        alice.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"display\":\"Alice\"}");

        assertThat(alice.lastEvent().path("id").asLong()).isPositive().isLessThan(1L << 53);
    }

    @Test
    void anEmptyRoomCloses() {
        Peer alice = user(1, 10, null);
        alice.join("r", 10, "Alice");
        boolean existed = alice.sync("{\"request\":\"exists\",\"room\":\"r\"}").path("exists").asBoolean();

        alice.request("{\"request\":\"leave\"}");

        assertThat(existed).isTrue();
        assertThat(alice.sync("{\"request\":\"exists\",\"room\":\"r\"}").path("exists").asBoolean()).isFalse();
        assertThat(alice.join("r", 10, "Alice").path("videoroom").asText()).isEqualTo("joined");
    }
}
