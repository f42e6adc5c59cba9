package dev.parley.api.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Refuses parameters whose text no database can hold as given, before any route sees them: the NUL character
 * (PostgreSQL's text types cannot contain it, so it would fail the query instead of the request) and UTF-16
 * surrogates that are not part of a pair (a JSON body can carry one as a backslash-u escape; it is not a
 * character, and is written to the database and to responses as {@code ?}). Query strings and form bodies
 * cannot carry lone surrogates (malformed UTF-8 decodes to U+FFFD), but can carry NUL as {@code %00}.
 * Stateless.
 */
final class ParamText {

    private ParamText() {
    }

    /**
     * Checks every name and value, however deeply nested. A bad value is a 422 naming its parameter
     * ({@code user[login]}); a bad name is a 400, since there is no name to blame.
     */
    static void check(Map<String, Object> params) {
        check(params, "");
    }

    private static void check(Map<?, ?> map, String prefix) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!isStorable(key)) {
                throw ApiException.badRequest("Parameter names must not contain NUL or unpaired surrogate characters");
            }
            checkValue(entry.getValue(), prefix.isEmpty() ? key : prefix + "[" + key + "]");
        }
    }

    private static void checkValue(Object value, String name) {
        if (value instanceof Map<?, ?> nested) {
            check(nested, name);
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                checkValue(item, name);
            }
        } else if (value instanceof String text && !isStorable(text)) {
            throw ApiException.invalid(name, "must not contain the NUL character or unpaired UTF-16 surrogates");
        }
    }

    /** True when the text has no NUL and every surrogate is half of a pair, so that it encodes to UTF-8. */
    private static boolean isStorable(String text) {
        return text.indexOf('\0') < 0 && StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }
}
