package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md §4.3: the synchronous requests, with the room's owner in place of Janus's room secret. */
class RoomAdminTest {

    final JanusHarness harness = new JanusHarness();
    final Peer owner = Peer.connect(harness, harness.auth.user("owner", 1, 10, null));
    final Peer guest = Peer.connect(harness, harness.auth.user("guest", 1, 11, null));

    @Test
    void listsParticipantsOfARoom() {
        owner.join("r", 10, "Owner");
        owner.publish();
        guest.join("r", 11, "Guest");

        ObjectNode answer = guest.request("{\"request\":\"listparticipants\",\"room\":\"r\"}");
        ObjectNode none = guest.sync("{\"request\":\"listparticipants\",\"room\":\"nowhere\"}");

        assertThat(answer.path("janus").asText()).isEqualTo("success");
        assertThat(answer.path("plugindata").path("plugin").asText()).isEqualTo("janus.plugin.videoroom");
        assertThat(answer.path("plugindata").path("data").toString()).isEqualTo("{\"videoroom\":\"participants\",\"room\":\"r\","
                + "\"participants\":[{\"id\":10,\"display\":\"Owner\",\"publisher\":true,\"talking\":false},"
                + "{\"id\":11,\"display\":\"Guest\",\"publisher\":false,\"talking\":false}]}");
        assertThat(none.path("error_code").asInt()).isEqualTo(426);
        assertThat(none.path("error").asText()).isEqualTo("No such room (nowhere)");
    }

    @Test
    void listsTheApplicationsOpenRooms() {
        owner.join("open", 10, "Owner");
        guest.sync("{\"request\":\"create\",\"room\":\"hidden\",\"is_private\":true}");
        Peer elsewhere = Peer.connect(harness, harness.auth.user("other-app", 2, 30, null));
        elsewhere.join("other", 30, "X");

        ObjectNode list = guest.sync("{\"request\":\"list\"}");

        assertThat(list.path("list")).extracting(room -> room.path("room").asText()).containsExactly("open");
        assertThat(list.path("list").get(0).path("num_participants").asInt()).isEqualTo(1);
        assertThat(list.path("list").get(0).path("max_publishers").asInt()).isEqualTo(12);
    }

    @Test
    void createMakesARoomThatWaitsForParticipants() {
        ObjectNode created = owner.sync("{\"request\":\"create\",\"room\":\"new\",\"description\":\"Standup\",\"publishers\":3}");
        ObjectNode again = guest.sync("{\"request\":\"create\",\"room\":\"new\"}");

        harness.scheduler.advance(Duration.ofMillis(59_000));
        ObjectNode joined = guest.join("new", 11, "Guest");

        assertThat(created.toString()).isEqualTo("{\"videoroom\":\"created\",\"room\":\"new\",\"permanent\":false}");
        assertThat(again.path("error_code").asInt()).isEqualTo(427);
        assertThat(joined.path("description").asText()).isEqualTo("Standup");
    }

    @Test
    void aCreatedRoomNobodyJoinsCloses() {
        owner.sync("{\"request\":\"create\",\"room\":\"new\"}");

        harness.scheduler.advance(Duration.ofMillis(59_000));
        owner.client.send("{\"janus\":\"keepalive\",\"session_id\":" + owner.session + "}");
        harness.scheduler.advance(Duration.ofMillis(1_000));

        assertThat(owner.sync("{\"request\":\"exists\",\"room\":\"new\"}").path("exists").asBoolean()).isFalse();
    }

    @Test
    void onlyTheOwnerEditsDestroysKicksAndModerates() {
        owner.join("r", 10, "Owner");
        guest.join("r", 11, "Guest");
        guest.publish();

        ObjectNode edit = guest.sync("{\"request\":\"edit\",\"room\":\"r\",\"new_description\":\"Mine\"}");
        ObjectNode kick = guest.sync("{\"request\":\"kick\",\"room\":\"r\",\"id\":10}");
        ObjectNode destroy = guest.sync("{\"request\":\"destroy\",\"room\":\"r\"}");
        ObjectNode moderate = guest.sync("{\"request\":\"moderate\",\"room\":\"r\",\"id\":11,\"mid\":\"0\",\"mute\":true}");

        for (ObjectNode refused : new ObjectNode[] {edit, kick, destroy, moderate}) {
            assertThat(refused.path("error_code").asInt()).as(refused.toString()).isEqualTo(433);
        }
        assertThat(owner.sync("{\"request\":\"edit\",\"room\":\"r\",\"new_description\":\"Ours\"}").path("videoroom").asText())
                .isEqualTo("edited");
    }

    @Test
    void theMeetingsHostOwnsItsRoom() {
        String meeting = "65a1b2c3d4e5f60718293a4b";
        harness.meetings.meeting(1, meeting, 11, Set.of(10L), Set.of());
        owner.join(meeting, 10, "First in");
        guest.join(meeting, 11, "Host");

        assertThat(guest.sync("{\"request\":\"kick\",\"room\":\"" + meeting + "\",\"id\":10}").path("videoroom").asText())
                .isEqualTo("success");
        assertThat(owner.lastEvent().path("reason").asText()).isEqualTo("kicked");
    }

    @Test
    void kickTakesAParticipantOut() {
        owner.join("r", 10, "Owner");
        guest.join("r", 11, "Guest");
        guest.publish();

        ObjectNode kicked = owner.sync("{\"request\":\"kick\",\"room\":\"r\",\"id\":11}");

        assertThat(kicked.toString()).isEqualTo("{\"videoroom\":\"success\"}");
        assertThat(guest.lastEvent().path("leaving").asText()).isEqualTo("ok");
        assertThat(guest.lastEvent().path("reason").asText()).isEqualTo("kicked");
        assertThat(owner.eventsWith("unpublished")).hasSize(1);
        assertThat(owner.lastEvent().path("leaving").asLong()).isEqualTo(11);
        assertThat(owner.sync("{\"request\":\"kick\",\"room\":\"r\",\"id\":11}").path("error_code").asInt()).isEqualTo(428);
    }

    @Test
    void moderateMutesAStreamForEveryone() {
        owner.join("r", 10, "Owner");
        guest.join("r", 11, "Guest");
        guest.publish();
        Peer feed = owner.newHandle();
        feed.listen("r", 11);
        feed.answer();

        owner.sync("{\"request\":\"moderate\",\"room\":\"r\",\"id\":11,\"mid\":\"1\",\"mute\":true}");
        guest.request("{\"request\":\"configure\",\"video\":true}");

        assertThat(harness.media.lastPublisher().forwarding).containsEntry("1", false);
        assertThat(feed.coreEvents("media")).extracting(event -> event.path("receiving").asBoolean()).containsExactly(false);
    }

    @Test
    void destroyTellsEveryoneAndClosesTheRoom() {
        owner.join("r", 10, "Owner");
        owner.publish();
        guest.join("r", 11, "Guest");
        Peer feed = guest.newHandle();
        feed.listen("r", 10);

        ObjectNode destroyed = owner.sync("{\"request\":\"destroy\",\"room\":\"r\"}");

        assertThat(destroyed.path("videoroom").asText()).isEqualTo("destroyed");
        assertThat(guest.lastEvent().path("videoroom").asText()).isEqualTo("destroyed");
        assertThat(feed.lastEvent().path("videoroom").asText()).isEqualTo("destroyed");
        assertThat(harness.media.lastPublisher().closed).isTrue();
        assertThat(harness.media.lastSubscriber().closed).isTrue();
        assertThat(owner.sync("{\"request\":\"exists\",\"room\":\"r\"}").path("exists").asBoolean()).isFalse();
        assertThat(guest.join("r", 11, "Guest").path("videoroom").asText()).isEqualTo("joined");
    }

    @Test
    void anAccessListLetsInOnlyItsTokens() {
        owner.join("r", 10, "Owner");

        ObjectNode enabled = owner.sync("{\"request\":\"allowed\",\"room\":\"r\",\"action\":\"add\",\"allowed\":[\"pass\"]}");
        owner.sync("{\"request\":\"allowed\",\"room\":\"r\",\"action\":\"enable\"}");
        ObjectNode without = guest.join("r", 11, "Guest");
        guest.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":11,\"token\":\"pass\"}");

        assertThat(enabled.path("allowed")).extracting(token -> token.asText()).containsExactly("pass");
        assertThat(without.path("error_code").asInt()).isEqualTo(433);
        assertThat(guest.lastEvent().path("videoroom").asText()).isEqualTo("joined");
    }
}
