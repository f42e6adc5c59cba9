package dev.parley.sdk.call.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.media.IceCandidate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec between {@link CallSignal}s and the fields of {@code <extraParams xmlns="jabber:client">}
 * (docs/protocol.md §3.2), as the chat layer writes and reads them: Strings, Maps (nested elements) and Lists
 * (the repeated items of {@code opponentsIDs} and {@code iceCandidates}). The envelope it writes is the one in
 * {@code sdk-scenarios/envelopes.json}, which the browser SDK and the server's REST reject write too. Stateless.
 *
 * <p>Reading is lenient where the protocol's other clients differ (an id list sent as one value, an empty
 * {@code sdpMLineIndex}, a signal that needs only its session id) and bounded: a session id of at most
 * {@value #MAX_SESSION_ID_LENGTH} characters, userInfo of at most {@value #MAX_USER_INFO_ENTRIES} entries of
 * {@value #MAX_USER_INFO_TEXT} characters.
 */
public final class SignalCodec {

    /** {@code moduleIdentifier} of call signals; other modules' messages are not calls. */
    public static final String MODULE_IDENTIFIER = "WebRTCVideoChat";
    static final int MAX_SESSION_ID_LENGTH = 128;
    static final int MAX_USER_INFO_ENTRIES = 64;
    static final int MAX_USER_INFO_TEXT = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SignalCodec() {
    }

    /** The signal's fields in the order they are written: the header first, then what its type carries. */
    public static Map<String, Object> encode(CallSignal signal) {
        SignalHeader header = signal.header();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("moduleIdentifier", MODULE_IDENTIFIER);
        fields.put("signalType", signal.type().wireName());
        fields.put("sessionID", header.sessionId());
        fields.put("callType", String.valueOf(header.callType().wireValue()));
        fields.put("callerID", String.valueOf(header.callerId()));
        List<String> opponents = new ArrayList<>();
        for (long id : header.opponentIds()) opponents.add(String.valueOf(id));
        fields.put("opponentsIDs", opponents);
        fields.put("platform", header.platform());
        if (signal instanceof CallSignal.Call call) {
            fields.put("sdp", call.sdp());
            fields.put("userInfo", call.userInfo());
        } else if (signal instanceof CallSignal.Accept accept) {
            fields.put("sdp", accept.sdp());
            fields.put("userInfo", accept.userInfo());
        } else if (signal instanceof CallSignal.Reject reject) {
            fields.put("userInfo", reject.userInfo());
        } else if (signal instanceof CallSignal.HangUp hangUp) {
            fields.put("userInfo", hangUp.userInfo());
        } else if (signal instanceof CallSignal.Update update) {
            fields.put("userInfo", update.userInfo());
        } else if (signal instanceof CallSignal.Reconnect reconnect) {
            fields.put("reason", "reconnect");
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("offerId", reconnect.offerId());
            description.put("sdp", reconnect.sdp());
            description.put("type", reconnect.offer() ? "offer" : "answer");
            fields.put("sessionDescription", description);
        } else if (signal instanceof CallSignal.IceCandidates candidates) {
            List<Object> items = new ArrayList<>();
            for (IceCandidate c : candidates.candidates()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("sdpMLineIndex", String.valueOf(c.sdpMLineIndex()));
                if (c.sdpMid() != null) item.put("sdpMid", c.sdpMid());
                item.put("candidate", c.candidate());
                items.add(item);
            }
            fields.put("iceCandidates", items);
        } else if (signal instanceof CallSignal.IceRestart restart) {
            fields.put("sdp", restart.sdp());
        } else if (signal instanceof CallSignal.IceRestartAccept accept) {
            fields.put("sdp", accept.sdp());
        }
        return fields;
    }

    /**
     * The signal the fields carry.
     *
     * @throws SignalFormatException for another module's message, a missing or oversized session id, an unknown
     *                               signal type, or a signal without what its type needs (the sdp of a call)
     */
    public static CallSignal decode(Map<String, Object> fields) throws SignalFormatException {
        Object module = fields.get("moduleIdentifier");
        if (module != null && !MODULE_IDENTIFIER.equals(module)) {
            throw new SignalFormatException("not a call signal (moduleIdentifier " + module + ")");
        }
        String sessionId = text(fields.get("sessionID"));
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > MAX_SESSION_ID_LENGTH) {
            throw new SignalFormatException("a call signal needs a sessionID of 1 to " + MAX_SESSION_ID_LENGTH + " characters");
        }
        SignalType type = SignalType.fromWire(text(fields.get("signalType")));
        if (type == null) throw new SignalFormatException("unknown signalType " + fields.get("signalType"));
        SignalHeader header = new SignalHeader(sessionId, ConferenceType.fromWire(fields.get("callType")),
                id(fields.get("callerID")), ids(fields.get("opponentsIDs")), text(fields.get("platform")));
        Map<String, String> userInfo = userInfo(fields.get("userInfo"));
        String sdp = text(fields.get("sdp"));
        switch (type) {
            case CALL:
                return new CallSignal.Call(header, required(sdp, type), userInfo);
            case ACCEPT:
                return new CallSignal.Accept(header, required(sdp, type), userInfo);
            case REJECT:
                return new CallSignal.Reject(header, userInfo);
            case HANG_UP:
                return new CallSignal.HangUp(header, userInfo);
            case UPDATE:
                return update(header, fields, userInfo);
            case ICE_CANDIDATES:
                return new CallSignal.IceCandidates(header, candidates(fields.get("iceCandidates")));
            case ICE_RESTART:
                return new CallSignal.IceRestart(header, required(sdp, type));
            case ICE_RESTART_ACCEPT:
                return new CallSignal.IceRestartAccept(header, required(sdp, type));
            default:
                throw new SignalFormatException("unknown signalType " + type);
        }
    }

    /** A plain update, or ConnectyCube's reconnect form when it has {@code reason=reconnect} and a description. */
    private static CallSignal update(SignalHeader header, Map<String, Object> fields, Map<String, String> userInfo)
            throws SignalFormatException {
        if (!"reconnect".equals(fields.get("reason"))) return new CallSignal.Update(header, userInfo);
        if (!(fields.get("sessionDescription") instanceof Map<?, ?> description)) {
            throw new SignalFormatException("a reconnect update needs a sessionDescription");
        }
        String sdp = text(description.get("sdp"));
        Object type = description.get("type");
        if (sdp == null || !"offer".equals(type) && !"answer".equals(type)) {
            throw new SignalFormatException("a reconnect update needs the sdp and type (offer or answer) of its description");
        }
        return new CallSignal.Reconnect(header, text(description.get("offerId")), sdp, "offer".equals(type));
    }

    private static String required(String sdp, SignalType type) throws SignalFormatException {
        if (sdp == null) throw new SignalFormatException("a " + type.wireName() + " signal needs its sdp");
        return sdp;
    }

    /** Candidates as signalled; an empty {@code sdpMLineIndex} means 0 and an empty {@code sdpMid} none (§3.2). */
    private static List<IceCandidate> candidates(Object list) {
        List<IceCandidate> candidates = new ArrayList<>();
        if (!(list instanceof List<?> items)) return candidates;
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> c)) continue;
            String candidate = text(c.get("candidate"));
            if (candidate == null) continue;
            String mid = text(c.get("sdpMid"));
            int index;
            try {
                index = Integer.parseInt(String.valueOf(c.get("sdpMLineIndex")).trim());
            } catch (NumberFormatException e) {
                index = 0;
            }
            candidates.add(new IceCandidate(mid == null || mid.isEmpty() ? null : mid, index, candidate));
        }
        return candidates;
    }

    /** A positive id from a signal's text, or 0. */
    private static long id(Object value) {
        if (value == null) return 0;
        try {
            long id = Long.parseLong(String.valueOf(value).trim());
            return id > 0 ? id : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The ids of a list field (items that are not ids are dropped, repeats too); a one-item list may come as a value. */
    private static List<Long> ids(Object value) {
        List<Long> ids = new ArrayList<>();
        if (value instanceof List<?> items) {
            for (Object item : items) {
                long id = id(item);
                if (id > 0 && !ids.contains(id)) ids.add(id);
            }
        } else if (id(value) > 0) {
            ids.add(id(value));
        }
        return ids;
    }

    /** userInfo as text values; a nested object becomes its JSON text. Bounded in entries and length. */
    private static Map<String, String> userInfo(Object value) {
        if (!(value instanceof Map<?, ?> map)) return Map.of();
        Map<String, String> info = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (info.size() == MAX_USER_INFO_ENTRIES) break;
            Object v = entry.getValue();
            String text;
            if (v instanceof String s) {
                text = s;
            } else {
                try {
                    text = JSON.writeValueAsString(v);
                } catch (JsonProcessingException e) {
                    text = String.valueOf(v);
                }
            }
            info.put(String.valueOf(entry.getKey()), text.length() > MAX_USER_INFO_TEXT ? text.substring(0, MAX_USER_INFO_TEXT) : text);
        }
        return Collections.unmodifiableMap(info);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
