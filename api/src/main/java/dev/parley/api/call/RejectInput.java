package dev.parley.api.call;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.common.signal.SignalField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of {@code POST /calls/reject} (docs/protocol.md §2.5) into a {@link RejectSignal}:
 * {@code sessionID} (required; the SDKs send a UUID), {@code recipientId} (required; a number or its text),
 * {@code platform} (default {@code web}), {@code callType} (1 video, 2 audio; default 1) and {@code userInfo}.
 * Every problem is collected, so one 422 names all the fields at fault. Stateless.
 */
final class RejectInput {

    static final int SESSION_ID_MAX = 128;
    static final int PLATFORM_MAX = 32;
    static final String DEFAULT_PLATFORM = "web";
    static final int DEFAULT_CALL_TYPE = 1;

    /** Letters, digits and {@code - _ . :}: covers UUIDs and every id format the SDKs generate. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:\\-]+");

    private RejectInput() {
    }

    static RejectSignal read(Params params) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String sessionId = token(params, "sessionID", null, SESSION_ID_MAX, errors);
        Long recipientId = recipient(params, errors);
        String platform = token(params, "platform", DEFAULT_PLATFORM, PLATFORM_MAX, errors);
        int callType = callType(params, errors);
        Object rawUserInfo = params.raw(UserInfoReader.FIELD);
        List<SignalField> userInfo = rawUserInfo == null ? null : collect(() -> UserInfoReader.read(rawUserInfo), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new RejectSignal(sessionId, recipientId, callType, platform, userInfo);
    }

    /** A short id-like text: required when {@code fallback} is null, else defaulted when absent or blank. */
    private static String token(Params params, String key, String fallback, int max, Map<String, List<String>> errors) {
        Optional<String> value = collect(() -> params.string(key), errors);
        if (value == null) {
            return null;
        }
        String text = value.map(String::strip).orElse("");
        if (text.isEmpty()) {
            if (fallback == null) {
                add(errors, key, "is required");
            }
            return fallback;
        }
        if (text.length() > max || !TOKEN.matcher(text).matches()) {
            add(errors, key, "must be 1 to " + max + " letters, digits, '-', '_', '.' or ':'");
        }
        return text;
    }

    private static Long recipient(Params params, Map<String, List<String>> errors) {
        Optional<Long> id = collect(() -> params.integer("recipientId"), errors);
        if (id == null) {
            return null;
        }
        if (id.isEmpty()) {
            add(errors, "recipientId", "is required");
        } else if (id.get() < 1) {
            add(errors, "recipientId", "must be a user id (a positive integer)");
        }
        return id.orElse(null);
    }

    private static int callType(Params params, Map<String, List<String>> errors) {
        Optional<Long> type = collect(() -> params.integer("callType"), errors);
        if (type == null || type.isEmpty()) {
            return DEFAULT_CALL_TYPE;
        }
        if (type.get() != 1 && type.get() != 2) {
            add(errors, "callType", "must be 1 (video) or 2 (audio)");
        }
        return type.get().intValue();
    }

    /** Runs a read that may fail with a 422; its errors are added and null returned. */
    private static <T> T collect(Supplier<T> read, Map<String, List<String>> errors) {
        try {
            return read.get();
        } catch (ApiException e) {
            e.errors().forEach((field, messages) -> messages.forEach(m -> add(errors, field, m)));
            return null;
        }
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
