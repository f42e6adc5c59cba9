package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Janus's janus_videoroom.c: malformed requests are answered at once, in their transaction, with the room's codes. */
class VideoRoomMessagesTest {

    final JanusHarness harness = new JanusHarness();
    final Peer peer = Peer.connect(harness, harness.auth.user("t", 1, 10, null));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|429|Missing mandatory element (request)",
        "{\"request\":5}|430|Invalid element type (request should be a string)",
        "{\"request\":\"dance\"}|423|Unknown request 'dance'",
        "{\"request\":\"join\",\"ptype\":\"publisher\"}|429|Missing mandatory element (room)",
        "{\"request\":\"join\",\"room\":\"r\"}|429|Missing mandatory element (ptype)",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"viewer\"}|430|Invalid element (ptype)",
        "{\"request\":\"join\",\"room\":[1],\"ptype\":\"publisher\"}|430|Invalid element type (room should be a string or a positive integer)",
        "{\"request\":\"join\",\"room\":\"\",\"ptype\":\"publisher\"}|430|Invalid element (room must be 1-128 printable characters)",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":\"10\"}|430|Invalid element type (id should be a positive integer)",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":9007199254740993}|430|Invalid element type (id should be a positive integer)",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"display\":7}|430|Invalid element type (display should be a string)",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\"}|429|At least one between 'streams' and 'feed' must be specified",
        "{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"mid\":\"0\"}]}|429|Missing mandatory element (feed)",
        "{\"request\":\"configure\",\"audio\":\"no\"}|430|Invalid element type (audio should be a boolean)",
        "{\"request\":\"configure\",\"bitrate\":-1}|430|Invalid element type (bitrate should be a positive integer)",
        "{\"request\":\"configure\",\"streams\":[{\"send\":false}]}|430|Invalid value (mid can't be null in a streams array)",
        "{\"request\":\"update\"}|429|At least one of either 'subscribe' or 'unsubscribe' must be present",
        "{\"request\":\"switch\",\"streams\":[]}|429|Empty switch list",
        "{\"request\":\"allowed\",\"room\":\"r\",\"action\":\"shout\"}|430|Unsupported action 'shout' (allowed)",
        "{\"request\":\"kick\",\"room\":\"r\"}|429|Missing mandatory element (id)",
    })
    void refusesMalformedRequestsSynchronously(String body, int code, String reason) {
        ObjectNode answer = peer.request(body);

        assertThat(answer.path("janus").asText()).isEqualTo("success");
        ObjectNode data = (ObjectNode) answer.path("plugindata").path("data");
        assertThat(data.path("videoroom").asText()).isEqualTo("event");
        assertThat(data.path("error_code").asInt()).isEqualTo(code);
        assertThat(data.path("error").asText()).isEqualTo(reason);
    }

    @Test
    void boundsTextsAndLists() {
        ObjectNode longName = peer.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"display\":\""
                + "x".repeat(257) + "\"}");
        ObjectNode manyStreams = peer.request("{\"request\":\"subscribe\",\"streams\":["
                + "{\"feed\":1},".repeat(64) + "{\"feed\":1}]}");

        assertThat(longName.path("plugindata").path("data").path("error_code").asInt()).isEqualTo(430);
        assertThat(manyStreams.path("plugindata").path("data").path("error").asText()).contains("more than 64");
    }

    @Test
    void asynchronousRequestsAreAcknowledgedThenAnsweredWithAnEvent() {
        ObjectNode answer = peer.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"publisher\",\"id\":10}");

        assertThat(answer.path("janus").asText()).isEqualTo("ack");
        ObjectNode event = peer.client.messages(m -> m.path("janus").asText().equals("event")).getLast();
        assertThat(event.path("transaction").asText()).isEqualTo(answer.path("transaction").asText());
        assertThat(event.path("sender").asLong()).isEqualTo(peer.handle);
        assertThat(event.path("plugindata").path("data").path("videoroom").asText()).isEqualTo("joined");
    }

    @Test
    void requestsOfAHandleThatJoinedNowhereAre424() {
        peer.request("{\"request\":\"configure\",\"audio\":true}");

        assertThat(peer.lastEvent().path("error_code").asInt()).isEqualTo(424);
        assertThat(peer.lastEvent().path("error").asText()).isEqualTo("Invalid request on unconfigured participant");
    }

    @Test
    void aHandleThatFailedToJoinOrLeftMayJoinAnotherRoom() {
        Peer holder = Peer.connect(harness, harness.auth.user("holder", 1, 20, null));
        holder.join("r", 10, "Holder");

        int refused = peer.join("r", 10, "A").path("error_code").asInt();
        ObjectNode elsewhere = peer.join("s", 10, "A");
        peer.request("{\"request\":\"leave\"}");
        ObjectNode third = peer.join("t", 10, "A");

        assertThat(refused).isEqualTo(436);
        assertThat(elsewhere.path("room").asText()).isEqualTo("s");
        assertThat(third.path("room").asText()).isEqualTo("t");
    }

    @Test
    void joiningTwiceOnOneHandleIs425() {
        peer.join("r", 10, "A");

        peer.join("other", 11, "B");

        assertThat(peer.lastEvent().path("error_code").asInt()).isEqualTo(425);
        assertThat(peer.lastEvent().path("error").asText()).isEqualTo("Already in as a publisher on this handle");
    }
}
