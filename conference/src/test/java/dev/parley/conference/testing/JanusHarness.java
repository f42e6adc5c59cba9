package dev.parley.conference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.common.time.FakeScheduler;
import dev.parley.common.time.SerialScheduler;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.core.Connection;
import dev.parley.conference.core.EventSink;
import dev.parley.conference.core.JanusCore;
import dev.parley.conference.janus.JanusCodec;
import dev.parley.conference.janus.JanusException;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.JanusRequest;
import dev.parley.conference.negotiation.CodecPreferences;
import dev.parley.conference.room.VideoRoom;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The Janus core and video room in memory, on a fake clock, with the fake media plane, token checks and meeting
 * directory: every executor runs tasks at once on the test thread, so a request's answer and the events it causes
 * have all arrived when {@link Client#send} returns. Clients speak JSON, as on the wire.
 */
public final class JanusHarness {

    public static final ConferenceSettings SETTINGS = new ConferenceSettings(Duration.ofSeconds(60), Duration.ofSeconds(25),
            64 * 1024, 4, 10, 40, 100, 12, CodecPreferences.DEFAULT, 25, 0, Duration.ofSeconds(5));

    public final FakeScheduler scheduler = new FakeScheduler();
    public final FakeAuth auth = new FakeAuth();
    public final FakeMeetings meetings = new FakeMeetings();
    public final FakeMedia media = new FakeMedia();
    public final JanusCore core;

    public JanusHarness() {
        this(SETTINGS);
    }

    public JanusHarness(ConferenceSettings settings) {
        Executor direct = Runnable::run;
        SerialScheduler coreExecutor = new SerialScheduler(direct, scheduler, "core");
        VideoRoom videoRoom = VideoRoom.create(settings, media, meetings, scheduler, direct, direct, coreExecutor);
        core = new JanusCore(settings, auth, videoRoom, scheduler, coreExecutor, direct);
    }

    /** A client on its own connection (as a WebSocket), acting with {@code token}. */
    public Client client(String token) {
        return new Client(token);
    }

    /** One connection: what it sends and everything it receives, in order. */
    public final class Client implements Connection {

        public final String token;
        public final List<ObjectNode> received = new ArrayList<>();
        private final Set<Long> sessions = new HashSet<>();
        private int transactions;

        Client(String token) {
            this.token = token;
        }

        /** Sends a request (with this client's token added unless it has one) and returns its answer. */
        public ObjectNode send(String json) {
            ObjectNode request = (ObjectNode) parse(json);
            if (!request.has("token") && token != null) {
                request.put("token", token);
            }
            if (!request.has("transaction")) {
                request.put("transaction", "t" + ++transactions);
            }
            String transaction = request.path("transaction").asText();
            int before = received.size();
            try {
                JanusRequest parsed = JanusCodec.decode(request.toString());
                core.process(parsed, this, this::receive);
            } catch (JanusException e) {
                receive(e.reply());
            }
            for (int i = before; i < received.size(); i++) {
                ObjectNode message = received.get(i);
                String type = message.path("janus").asText();
                if (transaction.equals(message.path("transaction").asText())
                        && (type.equals("success") || type.equals("error") || type.equals("ack") || type.equals("server_info")
                        || type.equals("pong"))) {
                    return message;
                }
            }
            throw new AssertionError("no answer to " + request + "; got " + received.subList(before, received.size()));
        }

        public long createSession() {
            return send("{\"janus\":\"create\"}").path("data").path("id").asLong();
        }

        public long attach(long session) {
            return send("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"session_id\":" + session + "}")
                    .path("data").path("id").asLong();
        }

        /** A {@code message} to the video room on a handle, with an optional jsep; returns the core's answer. */
        public ObjectNode message(long session, long handle, String body, String jsepType, String sdp) {
            ObjectNode request = Json.MAPPER.createObjectNode().put("janus", "message").put("session_id", session)
                    .put("handle_id", handle);
            request.set("body", parse(body));
            if (jsepType != null) {
                request.putObject("jsep").put("type", jsepType).put("sdp", sdp);
            }
            return send(request.toString());
        }

        public ObjectNode message(long session, long handle, String body) {
            return message(session, handle, body, null, null);
        }

        /** The plugin data of the events on a handle, oldest first. */
        public List<ObjectNode> pluginEvents(long handle) {
            return messages(m -> m.path("janus").asText().equals("event") && m.path("sender").asLong() == handle).stream()
                    .map(m -> (ObjectNode) m.path("plugindata").path("data")).toList();
        }

        /** The latest plugin event on a handle. */
        public ObjectNode lastEvent(long handle) {
            List<ObjectNode> events = pluginEvents(handle);
            if (events.isEmpty()) {
                throw new AssertionError("no event on handle " + handle + "; got " + received);
            }
            return events.getLast();
        }

        /** The jsep of the latest event on a handle that has one. */
        public ObjectNode lastJsep(long handle) {
            List<ObjectNode> withJsep = messages(m -> m.path("sender").asLong() == handle && m.has("jsep"));
            if (withJsep.isEmpty()) {
                throw new AssertionError("no jsep on handle " + handle + "; got " + received);
            }
            return (ObjectNode) withJsep.getLast().path("jsep");
        }

        public List<ObjectNode> messages(Predicate<ObjectNode> filter) {
            return received.stream().filter(filter).toList();
        }

        public void clear() {
            received.clear();
        }

        private void receive(JanusMessage message) {
            received.add((ObjectNode) parse(JanusCodec.encode(message)));
        }

        @Override
        public EventSink open(long sessionId) {
            sessions.add(sessionId);
            return new EventSink() {
                @Override
                public void send(JanusMessage message) {
                    receive(message);
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

        /** The connection drops: the core destroys its sessions. */
        public void disconnect() {
            core.closed(this);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
