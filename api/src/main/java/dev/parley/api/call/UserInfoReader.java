package dev.parley.api.call;

import dev.parley.api.http.ApiException;
import dev.parley.common.signal.SignalField;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a signal's {@code userInfo} object into {@link SignalField}s, which the chat server writes as nested
 * elements (docs/protocol.md §3.2). Keys become element names, so each must be an XML name without a colon (no
 * namespace prefixes) and not starting with {@code xml}. Values are text: strings, or numbers and booleans
 * written as text; a JSON null is empty text; nested objects nest. Bounded: keys and values together at most
 * {@link #MAX_BYTES} UTF-8 bytes, objects at most {@link #MAX_DEPTH} levels deep ({@code userInfo} itself is the
 * first). Failures are a 422 on {@code userInfo}. Stateless.
 */
final class UserInfoReader {

    static final String FIELD = "userInfo";
    static final int MAX_BYTES = 4096;
    static final int MAX_DEPTH = 4;
    static final int MAX_KEY = 64;

    /** XML 1.0 (5th edition) §2.3 NameStartChar, without ':' (a colon would be read as a namespace prefix). */
    private static final String NAME_START = "A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{2FF}\\x{370}-\\x{37D}"
            + "\\x{37F}-\\x{1FFF}\\x{200C}-\\x{200D}\\x{2070}-\\x{218F}\\x{2C00}-\\x{2FEF}\\x{3001}-\\x{D7FF}"
            + "\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFFD}\\x{10000}-\\x{EFFFF}";
    /** An NCName: NameStartChar, then NameChars (§2.3), no colon. */
    private static final Pattern NAME = Pattern.compile("[" + NAME_START + "][" + NAME_START
            + "\\-.0-9\\x{B7}\\x{300}-\\x{36F}\\x{203F}-\\x{2040}]*");

    private UserInfoReader() {
    }

    static List<SignalField> read(Object raw) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw invalid("must be an object of strings");
        }
        int[] budget = {MAX_BYTES};
        return fields(map, FIELD, 1, budget);
    }

    private static List<SignalField> fields(Map<?, ?> map, String path, int depth, int[] budget) {
        if (depth > MAX_DEPTH) {
            throw invalid("is nested too deeply (at most " + MAX_DEPTH + " levels of objects)");
        }
        List<SignalField> fields = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String where = path + "[" + key + "]";
            checkKey(key, where);
            charge(budget, key);
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                fields.add(new SignalField.Group(key, fields(nested, where, depth + 1, budget)));
            } else if (value instanceof List<?>) {
                throw invalid(where + " is a list; only strings and objects are allowed");
            } else {
                String text = value == null ? "" : String.valueOf(value);
                charge(budget, text);
                fields.add(new SignalField.Text(key, text));
            }
        }
        return fields;
    }

    private static void checkKey(String key, String where) {
        if (key.length() > MAX_KEY || !NAME.matcher(key).matches()
                || key.toLowerCase(Locale.ROOT).startsWith("xml")) {
            throw invalid("key " + where + " is not a valid XML element name: at most " + MAX_KEY
                    + " letters, digits, '_', '-' or '.', starting with a letter or '_', not with 'xml', no ':'");
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.invalid(FIELD, message);
    }

    private static void charge(int[] budget, String text) {
        budget[0] -= text.getBytes(StandardCharsets.UTF_8).length;
        if (budget[0] < 0) {
            throw invalid("is too large (at most " + MAX_BYTES + " bytes of keys and values)");
        }
    }
}
