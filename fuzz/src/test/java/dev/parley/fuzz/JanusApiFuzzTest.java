package dev.parley.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.conference.core.Connection;
import dev.parley.conference.core.EventSink;
import dev.parley.conference.janus.JanusCodec;
import dev.parley.conference.janus.JanusException;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.JanusRequest;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Janus API as a WebSocket client speaks it, on the core and video room in memory (the conference tests'
 * harness: fake clock, fake media plane, every executor running at once): each line of the input is one request
 * text, in which {@code $S} and {@code $H} stand for the session and handle of a client already joined to
 * {@code room-1} as a publisher (another one, bob, is in the room too). Whatever the text, the codec decodes it or
 * refuses it with a {@link JanusException} whose error reply encodes; a decoded request is answered (success, ack,
 * error, server_info or pong) with its transaction before {@code process} returns; nothing throws; every message
 * the client gets encodes to JSON. Seeded with the requests janus.js and the ConnectyCube SDK send.
 */
class JanusApiFuzzTest {

    private static final int MAX_REQUESTS = 16;
    /** The WebSocket transport's frame limit (JanusHarness.SETTINGS, as reference.conf). */
    private static final int MAX_TEXT = 64 * 1024;

    @FuzzTest
    void requests(byte[] input) {
        if (input.length > MAX_REQUESTS * MAX_TEXT) {
            return;
        }
        JanusHarness harness = new JanusHarness();
        Peer alice = Peer.connect(harness, harness.auth.user("alice", 1, 10, null));
        Peer bob = Peer.connect(harness, harness.auth.user("bob", 1, 11, null));
        alice.join("room-1", 10, "Alice");
        bob.join("room-1", 11, "Bob");
        bob.publish();
        RecordingConnection connection = new RecordingConnection();
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", MAX_REQUESTS + 1);
        for (int i = 0; i < Math.min(lines.length, MAX_REQUESTS); i++) {
            String text = lines[i].replace("$S", Long.toString(alice.session)).replace("$H", Long.toString(alice.handle));
            if (text.length() > MAX_TEXT) {
                continue;
            }
            JanusRequest request;
            try {
                request = JanusCodec.decode(text);
            } catch (JanusException refused) {
                JsonNode reply = parse(JanusCodec.encode(refused.reply()));
                assertThat(reply.path("janus").asText()).isEqualTo("error");
                continue;
            }
            List<JanusMessage> answers = new ArrayList<>();
            harness.core.process(request, connection, answers::add);
            String transaction = request.envelope().transaction();
            assertThat(answers).as("the answers to %s", text).anySatisfy(answer -> {
                JsonNode json = parse(JanusCodec.encode(answer));
                assertThat(json.path("transaction").asText()).isEqualTo(transaction);
                assertThat(json.path("janus").asText()).isIn("success", "ack", "error", "server_info", "pong");
            });
            connection.events.forEach(event -> parse(JanusCodec.encode(event)));
            connection.events.clear();
            harness.scheduler.advance(java.time.Duration.ofMillis(100));
        }
        harness.core.closed(connection);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("a message Parley sends is not JSON: " + json, e);
        }
    }

    /** A WebSocket connection of its own: the events of the sessions created over it are kept to be checked. */
    private static final class RecordingConnection implements Connection {
        final List<JanusMessage> events = new ArrayList<>();
        private final Set<Long> sessions = new HashSet<>();

        @Override
        public EventSink open(long sessionId) {
            sessions.add(sessionId);
            return new EventSink() {
                @Override
                public void send(JanusMessage message) {
                    events.add(message);
                }

                @Override
                public void close() {
                    sessions.remove(sessionId);
                }
            };
        }

        @Override
        public int sessions() {
            return sessions.size();
        }
    }
}
