package dev.parley.sdk.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.call.signal.CallSignal;
import dev.parley.sdk.call.signal.SignalCodec;
import dev.parley.sdk.media.IceConnectionState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Replays one of the language-neutral call scenarios of {@code sdk-scenarios/} (the format is in its README.md)
 * against this SDK: an {@link RTCClient} on a fake clock whose app actions queue on the SDK thread behind the
 * signals and engine events already there, a signal channel that carries signals through the signal codec and
 * XML both ways, the fake engine (one candidate per local description), and the app's callbacks mapped to the
 * scenarios' neutral events. The browser SDK's scenario-runner.js replays the same files the same way.
 */
final class ScenarioRunner implements SignalChannel, RTCClientSessionCallbacks, RTCSessionConnectionCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeScheduler clock = new FakeScheduler(true);
    private final long me;
    private final RTCClient client;
    private final List<JsonNode> sent = new ArrayList<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final Map<String, JsonNode> vars = new HashMap<>();
    private final Map<JsonNode, CompletableFuture<Void>> results = new LinkedHashMap<>();
    private int sentSeen;
    private int eventsSeen;
    private Listener listener;
    private RTCSession session;

    private ScenarioRunner(JsonNode scenario) {
        me = scenario.get("me").asLong();
        JsonNode config = scenario.path("config");
        RTCConfig rtc = new RTCConfig()
                .setAnswerTimeInterval(config.path("answerTime").asInt(60))
                .setDialingTimeInterval(config.path("dialingInterval").asInt(5))
                .setDisconnectTime(config.path("disconnectTime").asInt(30))
                .setAutoRejectWhenBusy(config.path("autoRejectBusy").asBoolean(false));
        client = new RTCClient(this, new FakeEngine("user" + me), rtc, new RTCMediaConfig(), clock, Runnable::run);
        client.addSessionCallbacksListener(this);
        client.prepareToProcessCalls();
    }

    static void run(JsonNode scenario) {
        ScenarioRunner run = new ScenarioRunner(scenario);
        int index = 0;
        for (JsonNode step : scenario.get("steps")) {
            index++;
            try {
                run.step(step);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("step " + index + " " + step + ": " + e.getMessage(), e);
            }
        }
        run.settle();
        assertThat(run.sent.subList(run.sentSeen, run.sent.size())).as("every signal sent was expected").isEmpty();
        assertThat(run.events.subList(run.eventsSeen, run.events.size())).as("every event was expected").isEmpty();
    }

    private void step(JsonNode step) {
        if (step.has("do")) {
            act(step);
        } else if (step.has("receive")) {
            receive(step.get("from").asLong(), substitute(step.get("receive")));
        } else if (step.has("ice")) {
            PeerLink link = session == null ? null : session.link(step.get("user").asLong());
            assertThat(link).as("a connection with user " + step.get("user")).isNotNull();
            ((FakeEngine.FakePeer) link.peer()).ice(IceConnectionState.valueOf(step.get("ice").asText().toUpperCase()));
        } else if (step.has("advance")) {
            settle();
            clock.advance(step.get("advance").asLong());
        } else if (step.has("expect")) {
            expect(step.get("expect"));
        } else {
            fail("a step is one of do, receive, ice, advance, expect");
        }
    }

    /** An app action, started now (it queues on the SDK thread); its outcome is checked at the next settle. */
    private void act(JsonNode step) {
        String action = step.get("do").asText();
        Map<String, String> userInfo = JSON.convertValue(step.path("userInfo").isMissingNode() ? JSON.createObjectNode()
                : step.get("userInfo"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
        if (action.equals("create")) {
            List<Long> opponents = new ArrayList<>();
            step.get("opponents").forEach(id -> opponents.add(id.asLong()));
            current(client.createNewSessionWithOpponents(opponents,
                    step.path("callType").asInt(1) == 2 ? ConferenceType.AUDIO : ConferenceType.VIDEO));
            session.addConnectionCallbacksListener(this);
            return;
        }
        assertThat(session).as("a session to act on").isNotNull();
        CompletableFuture<Void> outcome = switch (action) {
            case "call" -> session.startCall(userInfo);
            case "accept" -> session.acceptCall(userInfo);
            case "reject" -> session.rejectCall(userInfo);
            case "stop" -> session.hangUp(userInfo);
            case "update" -> session.update(userInfo);
            default -> throw new AssertionError("unknown action " + action);
        };
        results.put(step, outcome);
    }

    /** A signal arrives as ChatService hands it over: from XML, decoded, then onto the SDK thread. */
    private void receive(long from, JsonNode fields) {
        Map<String, Object> wire = CallNet.roundTrip(JSON.convertValue(fields,
                JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
        CallSignal signal;
        try {
            signal = SignalCodec.decode(wire);
        } catch (Exception e) {
            return; // dropped at the chat boundary
        }
        if (listener != null) listener.onSignal(from, signal);
    }

    private void settle() {
        clock.runPending();
        results.forEach((step, outcome) -> {
            String result = !outcome.isDone() ? "pending" : outcome.isCompletedExceptionally() ? "error" : "ok";
            assertThat(result).as(step.get("do") + " ended " + describe(outcome)).isEqualTo(step.path("result").asText("ok"));
        });
        results.clear();
    }

    private void expect(JsonNode expected) {
        settle();
        if (expected.has("sent")) {
            List<JsonNode> now = new ArrayList<>(sent.subList(sentSeen, sent.size()));
            sentSeen = sent.size();
            matchSent(expected.get("sent"), now);
        }
        if (expected.has("events")) {
            List<JsonNode> now = new ArrayList<>(events.subList(eventsSeen, events.size()));
            eventsSeen = events.size();
            matchList("events", expected.get("events"), now);
        }
        if (expected.has("state")) {
            String state = session == null ? "none" : switch (session.getState()) {
                case NEW -> "new";
                case PENDING, CONNECTING -> "active";
                default -> "closed";
            };
            assertThat(state).as("session state").isEqualTo(expected.get("state").asText());
        }
    }

    /**
     * Signals to one user must come in the order expected; signals to different users may interleave (the
     * protocol does not order them, and the two SDKs' engines finish offers and answers in different orders).
     */
    private void matchSent(JsonNode expected, List<JsonNode> actual) {
        assertThat(actual).as("sent: expected " + expected + ", got " + actual).hasSize(expected.size());
        Set<Long> recipients = new LinkedHashSet<>();
        expected.forEach(signal -> recipients.add(signal.get("to").asLong()));
        for (long to : recipients) {
            JsonNode mine = JSON.createArrayNode().addAll(filter(expected, to));
            matchList("sent to " + to, mine, filter(actual, to));
        }
    }

    private static List<JsonNode> filter(Iterable<JsonNode> signals, long to) {
        List<JsonNode> found = new ArrayList<>();
        signals.forEach(signal -> {
            if (signal.path("to").asLong() == to) found.add(signal);
        });
        return found;
    }

    private void matchList(String what, JsonNode expected, List<JsonNode> actual) {
        assertThat(actual).as(what + ": expected " + expected + ", got " + actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) match(expected.get(i), actual.get(i), what + "[" + i + "]", true, actual);
    }

    /**
     * Matches a value of a scenario: "*" is anything present, "$name" a variable (bound on first use), objects
     * match key by key (the top level of a signal or event may have more keys), numbers by value, the rest exactly.
     */
    private void match(JsonNode expected, JsonNode actual, String path, boolean topLevel, Object context) {
        String failure = path + ": expected " + expected + ", got " + actual + " in " + context;
        if (expected.isTextual() && expected.asText().equals("*")) {
            if (actual == null || actual.isMissingNode()) fail(failure);
        } else if (expected.isTextual() && expected.asText().startsWith("$")) {
            if (actual == null || actual.isMissingNode()) fail(failure);
            JsonNode bound = vars.putIfAbsent(expected.asText(), actual);
            if (bound != null && !bound.equals(actual)) fail(failure);
        } else if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) fail(failure);
            for (int i = 0; i < expected.size(); i++) match(expected.get(i), actual.get(i), path + "[" + i + "]", false, context);
        } else if (expected.isObject()) {
            if (actual == null || !actual.isObject()) fail(failure);
            if (!topLevel && actual.size() != expected.size()) fail(failure);
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                match(field.getValue(), actual.path(field.getKey()), path + "." + field.getKey(), false, context);
            }
        } else if (expected.isNumber()) {
            if (actual == null || !actual.isNumber() || actual.asLong() != expected.asLong()) fail(failure);
        } else if (!expected.equals(actual)) {
            fail(failure);
        }
    }

    /** A signal's fields with its variables replaced by their values. */
    private JsonNode substitute(JsonNode value) {
        if (value.isTextual() && value.asText().startsWith("$")) {
            JsonNode bound = vars.get(value.asText());
            assertThat(bound).as(value.asText() + " is bound").isNotNull();
            return bound;
        }
        if (value.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            value.fields().forEachRemaining(f -> copy.set(f.getKey(), substitute(f.getValue())));
            return copy;
        }
        if (value.isArray()) {
            var copy = JSON.createArrayNode();
            value.forEach(item -> copy.add(substitute(item)));
            return copy;
        }
        return value;
    }

    private void current(RTCSession session) {
        this.session = session;
        vars.put("$session", JSON.getNodeFactory().textNode(session.getSessionID()));
    }

    private void event(String name, Map<String, Object> fields) {
        ObjectNode event = JSON.createObjectNode().put("event", name);
        event.setAll((ObjectNode) JSON.valueToTree(fields));
        events.add(event);
    }

    private static String describe(CompletableFuture<Void> outcome) {
        try {
            outcome.getNow(null);
            return outcome.isDone() ? "ok" : "pending";
        } catch (Exception e) {
            return "error: " + e.getMessage();
        }
    }

    // ---- the signal channel ----

    @Override
    public long currentUserId() {
        return me;
    }

    @Override
    public CompletableFuture<Void> send(long toUserId, CallSignal signal) {
        ObjectNode wire = JSON.createObjectNode().put("to", toUserId);
        wire.setAll((ObjectNode) JSON.valueToTree(CallNet.roundTrip(SignalCodec.encode(signal))));
        sent.add(wire);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void setSignalListener(Listener listener) {
        this.listener = listener;
    }

    // ---- the app's callbacks, as neutral events ----

    @Override
    public void onReceiveNewSession(RTCSession session) {
        current(session);
        session.addConnectionCallbacksListener(this);
        event("ring", Map.of("caller", session.getCallerID(), "userInfo", session.getUserInfo()));
    }

    @Override
    public void onCallAcceptByUser(RTCSession session, long userId, Map<String, String> userInfo) {
        event("accepted", Map.of("user", userId, "userInfo", userInfo));
    }

    @Override
    public void onCallRejectByUser(RTCSession session, long userId, Map<String, String> userInfo) {
        event("rejected", Map.of("user", userId, "userInfo", userInfo));
    }

    @Override
    public void onReceiveHangUpFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
        event("hungUp", Map.of("user", userId, "userInfo", userInfo));
    }

    @Override
    public void onUpdateFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
        event("updated", Map.of("user", userId, "userInfo", userInfo));
    }

    @Override
    public void onUserNotAnswer(RTCSession session, long userId) {
        event("notAnswered", Map.of("user", userId));
    }

    @Override
    public void onSessionClosed(RTCSession session) {
        event("closed", Map.of());
    }

    @Override
    public void onConnectedToUser(RTCSession session, long userId) {
        event("connected", Map.of("user", userId));
    }

    @Override
    public void onDisconnectedFromUser(RTCSession session, long userId) {
        event("disconnected", Map.of("user", userId));
    }

    @Override
    public void onConnectionFailedWithUser(RTCSession session, long userId) {
        event("failed", Map.of("user", userId));
    }

    @Override
    public void onDisconnectedTimeoutFromUser(RTCSession session, long userId) {
        event("disconnectTimeout", Map.of("user", userId));
    }

    @Override
    public void onConnectionClosedForUser(RTCSession session, long userId) {
        event("peerClosed", Map.of("user", userId));
    }
}
