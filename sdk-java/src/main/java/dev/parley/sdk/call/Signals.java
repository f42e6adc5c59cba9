package dev.parley.sdk.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Names and value conversions of the call signals (docs/protocol.md §3.2). */
final class Signals {

    static final String MODULE_IDENTIFIER = "WebRTCVideoChat";
    static final String PLATFORM = "java";

    static final String CALL = "call";
    static final String ACCEPT = "accept";
    static final String REJECT = "reject";
    static final String HANG_UP = "hangUp";
    static final String UPDATE = "update";
    static final String CANDIDATES = "iceCandidates";
    static final String ICE_RESTART = "iceRestart";
    static final String ICE_RESTART_ACCEPT = "iceRestartAccept";

    static final int MAX_SESSION_ID_LENGTH = 128;
    static final int MAX_USER_INFO_ENTRIES = 64;
    static final int MAX_USER_INFO_TEXT = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Signals() {
    }

    /** The fields every signal of a session carries (docs/protocol.md §3.2), then {@code extra}. */
    static Map<String, Object> fields(String type, String sessionId, ConferenceType callType, long callerId,
                                      List<Long> opponents, Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("moduleIdentifier", MODULE_IDENTIFIER);
        fields.put("signalType", type);
        fields.put("sessionID", sessionId);
        fields.put("callType", String.valueOf(callType.wireValue()));
        fields.put("callerID", String.valueOf(callerId));
        List<String> ids = new ArrayList<>();
        for (Long id : opponents) ids.add(String.valueOf(id));
        fields.put("opponentsIDs", ids);
        fields.put("platform", PLATFORM);
        fields.putAll(extra);
        return fields;
    }

    /** A positive id from a signal's text, or 0. */
    static long id(Object value) {
        if (value == null) return 0;
        try {
            long id = Long.parseLong(String.valueOf(value).trim());
            return id > 0 ? id : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The ids of a list field (items that are not ids are dropped). */
    static List<Long> ids(Object value) {
        List<Long> ids = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                long id = id(item);
                if (id > 0 && !ids.contains(id)) ids.add(id);
            }
        } else if (id(value) > 0) {
            ids.add(id(value)); // a one-item list sent as a plain value
        }
        return ids;
    }

    /**
     * userInfo as the app sees it: text values; a nested object (from a browser SDK) becomes its
     * JSON text. Bounded in entries and length.
     */
    static Map<String, String> userInfo(Object value) {
        if (!(value instanceof Map)) return Map.of();
        Map<String, String> info = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            if (info.size() == MAX_USER_INFO_ENTRIES) break;
            Object v = entry.getValue();
            String text;
            if (v instanceof String) {
                text = (String) v;
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

    static String text(Object value) {
        return value instanceof String ? (String) value : null;
    }
}
