package dev.parley.conference.janus;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Janus core requests and writes Janus messages, with the error codes and reason texts of Janus's {@code
 * janus.c} for what is malformed: 454 not JSON, 455 not an object, 456 a mandatory element missing, 467 an element of
 * the wrong type, 457 a request at the wrong path (session-level without a session, handle-level without a handle),
 * 453 an unknown request, 464 an unknown JSEP type. Over HTTP the session and handle come from the URL; a body that
 * names others is 457. Stateless and thread-safe.
 */
public final class JanusCodec {

    /** Longest transaction accepted; janus.js makes them 12 characters. */
    public static final int MAX_TRANSACTION = 256;
    /** Most candidates one {@code trickle} may carry. */
    public static final int MAX_CANDIDATES = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JanusCodec() {
    }

    /** Reads a request that arrived over WebSocket. */
    public static JanusRequest decode(String text) throws JanusException {
        return decode(text, 0, 0);
    }

    /**
     * Reads a request; {@code pathSession} and {@code pathHandle} are the ids in an HTTP URL, 0 when absent.
     */
    public static JanusRequest decode(String text, long pathSession, long pathHandle) throws JanusException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new JanusException(JanusError.INVALID_JSON, "JSON error: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new JanusException(JanusError.INVALID_JSON_OBJECT, "JSON error: not an object");
        }
        String transaction = requiredString(root, "transaction", null, 0);
        if (transaction.length() > MAX_TRANSACTION) {
            throw invalidType("transaction", "a string of at most " + MAX_TRANSACTION + " characters", null, 0);
        }
        String verb = requiredString(root, "janus", transaction, 0);
        long sessionId = id(root, "session_id", pathSession, "Conflicting session ID (payload and path)", transaction);
        long handleId = id(root, "handle_id", pathHandle, "Conflicting handle ID (payload and path)", transaction);
        String token = optionalString(root, "token", transaction, sessionId);
        Envelope envelope = new Envelope(transaction, sessionId, handleId, token);
        return switch (verb) {
            case "create" -> {
                requirePath(verb, envelope, sessionId == 0 && handleId == 0);
                yield new JanusRequest.Create(envelope);
            }
            case "info" -> new JanusRequest.Info(envelope);
            case "ping" -> new JanusRequest.Ping(envelope);
            case "keepalive" -> {
                requirePath(verb, envelope, sessionId > 0);
                yield new JanusRequest.Keepalive(envelope);
            }
            case "attach" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId == 0);
                yield new JanusRequest.Attach(envelope, requiredString(root, "plugin", transaction, sessionId),
                        optionalString(root, "opaque_id", transaction, sessionId));
            }
            case "destroy" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId == 0);
                yield new JanusRequest.Destroy(envelope);
            }
            case "claim" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId == 0);
                yield new JanusRequest.Claim(envelope);
            }
            case "message" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId > 0);
                yield message(root, envelope);
            }
            case "trickle" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId > 0);
                yield trickle(root, envelope);
            }
            case "detach" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId > 0);
                yield new JanusRequest.Detach(envelope);
            }
            case "hangup" -> {
                requirePath(verb, envelope, sessionId > 0 && handleId > 0);
                yield new JanusRequest.Hangup(envelope);
            }
            default -> throw new JanusException(JanusError.UNKNOWN_REQUEST, "Unknown request '" + verb + "'",
                    transaction, sessionId);
        };
    }

    private static JanusRequest.Message message(JsonNode root, Envelope envelope) throws JanusException {
        JsonNode body = root.get("body");
        if (body == null || body.isNull()) {
            throw new JanusException(JanusError.MISSING_MANDATORY_ELEMENT, "Missing mandatory element (body)",
                    envelope.transaction(), envelope.sessionId());
        }
        if (!body.isObject()) {
            throw invalidType("body", "an object", envelope.transaction(), envelope.sessionId());
        }
        JsonNode jsepNode = root.get("jsep");
        Jsep jsep = null;
        if (jsepNode != null && !jsepNode.isNull()) {
            if (!jsepNode.isObject()) {
                throw new JanusException(JanusError.INVALID_JSON_OBJECT, "Invalid jsep object", envelope.transaction(),
                        envelope.sessionId());
            }
            jsep = jsep(jsepNode, envelope);
        }
        return new JanusRequest.Message(envelope, (ObjectNode) body, jsep);
    }

    private static Jsep jsep(JsonNode node, Envelope envelope) throws JanusException {
        String[] values = new String[2];
        String[] names = {"type", "sdp"};
        for (int i = 0; i < names.length; i++) {
            JsonNode value = node.get(names[i]);
            if (value == null || value.isNull()) {
                throw new JanusException(JanusError.MISSING_MANDATORY_ELEMENT,
                        "JSEP error: missing mandatory element (" + names[i] + ")", envelope.transaction(), envelope.sessionId());
            }
            if (!value.isTextual()) {
                throw new JanusException(JanusError.INVALID_ELEMENT_TYPE,
                        "JSEP error: invalid element type (" + names[i] + " should be a string)", envelope.transaction(),
                        envelope.sessionId());
            }
            values[i] = value.textValue();
        }
        Jsep.Type type = switch (values[0].toLowerCase(java.util.Locale.ROOT)) {
            case "offer" -> Jsep.Type.OFFER;
            case "answer" -> Jsep.Type.ANSWER;
            default -> throw new JanusException(JanusError.JSEP_UNKNOWN_TYPE,
                    "JSEP error: unknown message type '" + values[0] + "'", envelope.transaction(), envelope.sessionId());
        };
        return new Jsep(type, values[1]);
    }

    private static JanusRequest.Trickle trickle(JsonNode root, Envelope envelope) throws JanusException {
        JsonNode candidate = root.get("candidate");
        JsonNode candidates = root.get("candidates");
        boolean hasOne = candidate != null && !candidate.isNull();
        boolean hasMany = candidates != null && !candidates.isNull();
        if (!hasOne && !hasMany) {
            throw new JanusException(JanusError.MISSING_MANDATORY_ELEMENT,
                    "Missing mandatory element (candidate|candidates)", envelope.transaction(), envelope.sessionId());
        }
        if (hasOne && hasMany) {
            throw new JanusException(JanusError.INVALID_JSON, "Can't have both candidate and candidates",
                    envelope.transaction(), envelope.sessionId());
        }
        List<TrickleCandidate> list = new ArrayList<>();
        if (hasOne) {
            list.add(candidate(candidate, envelope));
        } else {
            if (!candidates.isArray()) {
                throw new JanusException(JanusError.INVALID_ELEMENT_TYPE, "candidates is not an array",
                        envelope.transaction(), envelope.sessionId());
            }
            if (candidates.size() > MAX_CANDIDATES) {
                throw new JanusException(JanusError.INVALID_ELEMENT_TYPE, "Too many candidates (at most "
                        + MAX_CANDIDATES + " in one trickle)", envelope.transaction(), envelope.sessionId());
            }
            for (JsonNode each : candidates) {
                list.add(candidate(each, envelope));
            }
        }
        return new JanusRequest.Trickle(envelope, list);
    }

    private static TrickleCandidate candidate(JsonNode node, Envelope envelope) throws JanusException {
        if (!node.isObject()) {
            throw invalidType("candidate", "an object", envelope.transaction(), envelope.sessionId());
        }
        JsonNode completed = node.get("completed");
        if (completed != null && completed.isBoolean() && completed.booleanValue()) {
            return TrickleCandidate.COMPLETED;
        }
        JsonNode text = node.get("candidate");
        if (text == null || !text.isTextual()) {
            throw new JanusException(JanusError.MISSING_MANDATORY_ELEMENT,
                    "Missing mandatory element (candidate should hold a candidate string or completed:true)",
                    envelope.transaction(), envelope.sessionId());
        }
        JsonNode mid = node.get("sdpMid");
        JsonNode index = node.get("sdpMLineIndex");
        if (mid != null && !mid.isNull() && !mid.isTextual()) {
            throw invalidType("sdpMid", "a string", envelope.transaction(), envelope.sessionId());
        }
        if (index != null && !index.isNull() && !(index.canConvertToInt() && index.isIntegralNumber() && index.intValue() >= 0)) {
            throw invalidType("sdpMLineIndex", "a positive integer", envelope.transaction(), envelope.sessionId());
        }
        return new TrickleCandidate(text.textValue(), mid == null || mid.isNull() ? null : mid.textValue(),
                index == null || index.isNull() ? -1 : index.intValue());
    }

    private static void requirePath(String verb, Envelope envelope, boolean valid) throws JanusException {
        if (!valid) {
            throw new JanusException(JanusError.INVALID_REQUEST_PATH, "Unhandled request '" + verb + "' at this path",
                    envelope.transaction(), envelope.sessionId());
        }
    }

    private static long id(JsonNode root, String name, long fromPath, String conflict, String transaction)
            throws JanusException {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return fromPath;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw invalidType(name, "a positive integer", transaction, 0);
        }
        long id = node.longValue();
        if (fromPath != 0 && fromPath != id) {
            throw new JanusException(JanusError.INVALID_REQUEST_PATH, conflict, transaction, 0);
        }
        return id;
    }

    private static String requiredString(JsonNode root, String name, String transaction, long sessionId)
            throws JanusException {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            throw new JanusException(JanusError.MISSING_MANDATORY_ELEMENT, "Missing mandatory element (" + name + ")",
                    transaction, sessionId);
        }
        if (!node.isTextual()) {
            throw invalidType(name, "a string", transaction, sessionId);
        }
        return node.textValue();
    }

    private static String optionalString(JsonNode root, String name, String transaction, long sessionId)
            throws JanusException {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalidType(name, "a string", transaction, sessionId);
        }
        return node.textValue();
    }

    private static JanusException invalidType(String name, String expected, String transaction, long sessionId) {
        return new JanusException(JanusError.INVALID_ELEMENT_TYPE,
                "Invalid element type (" + name + " should be " + expected + ")", transaction, sessionId);
    }

    /** Writes one message as Janus does, fields in Janus's order. */
    public static String encode(JanusMessage message) {
        return Json.write(tree(message));
    }

    /** Writes the messages one long poll returns, as a JSON array. */
    public static String encodeAll(List<JanusMessage> messages) {
        ArrayNode array = NODES.arrayNode();
        for (JanusMessage message : messages) {
            array.add(tree(message));
        }
        return Json.write(array);
    }

    static ObjectNode tree(JanusMessage message) {
        return switch (message) {
            case JanusMessage.Success m -> {
                ObjectNode node = start("success", m.sessionId(), m.transaction());
                if (m.data() != null) {
                    node.set("data", m.data());
                }
                yield node;
            }
            case JanusMessage.PluginSuccess m -> {
                ObjectNode node = start("success", m.sessionId(), m.transaction());
                node.put("sender", m.sender());
                node.set("plugindata", pluginData(m.plugin(), m.data()));
                yield node;
            }
            case JanusMessage.Ack m -> start("ack", m.sessionId(), m.transaction());
            case JanusMessage.PluginEvent m -> {
                ObjectNode node = start("event", m.sessionId(), m.transaction());
                node.put("sender", m.sender());
                node.set("plugindata", pluginData(m.plugin(), m.data()));
                if (m.jsep() != null) {
                    node.set("jsep", NODES.objectNode().put("type", m.jsep().type().wire()).put("sdp", m.jsep().sdp()));
                }
                yield node;
            }
            case JanusMessage.Error m -> {
                ObjectNode node = start("error", m.sessionId(), m.transaction());
                node.set("error", NODES.objectNode().put("code", m.code()).put("reason", m.reason()));
                yield node;
            }
            case JanusMessage.WebrtcUp m -> start("webrtcup", m.sessionId(), null).put("sender", m.sender());
            case JanusMessage.Media m -> start("media", m.sessionId(), null).put("sender", m.sender())
                    .put("mid", m.mid()).put("type", m.type()).put("receiving", m.receiving());
            case JanusMessage.SlowLink m -> start("slowlink", m.sessionId(), null).put("sender", m.sender())
                    .put("mid", m.mid()).put("uplink", m.uplink()).put("lost", m.lost());
            case JanusMessage.Hangup m -> start("hangup", m.sessionId(), null).put("sender", m.sender())
                    .put("reason", m.reason());
            case JanusMessage.Detached m -> start("detached", m.sessionId(), null).put("sender", m.sender());
            case JanusMessage.Timeout m -> start("timeout", m.sessionId(), null);
            case JanusMessage.Keepalive m -> start("keepalive", 0, null);
            case JanusMessage.Pong m -> start("pong", 0, m.transaction());
            case JanusMessage.ServerInfo m -> {
                ObjectNode node = start("server_info", 0, m.transaction());
                node.setAll(m.info());
                yield node;
            }
        };
    }

    private static ObjectNode start(String janus, long sessionId, String transaction) {
        ObjectNode node = NODES.objectNode().put("janus", janus);
        if (sessionId != 0) {
            node.put("session_id", sessionId);
        }
        if (transaction != null) {
            node.put("transaction", transaction);
        }
        return node;
    }

    private static ObjectNode pluginData(String plugin, ObjectNode data) {
        ObjectNode node = NODES.objectNode().put("plugin", plugin);
        node.set("data", data);
        return node;
    }
}
