package dev.parley.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (query strings and QuickBlox form bodies) into the
 * nested shape a JSON body would have: {@code user[login]=bob} becomes {@code {user:{login:"bob"}}}, and
 * {@code ids[]=1&ids[]=2} becomes {@code {ids:["1","2"]}}; a repeated plain key becomes a list as well.
 * Every value stays a string; callers convert.
 */
public final class BracketParams {

    /** Deepest nesting accepted, e.g. {@code id[in][]} is depth 3. */
    static final int MAX_DEPTH = 4;

    private BracketParams() {
    }

    /** Decoded key/value pairs in their original order, keys still in bracket form. */
    public static List<Map.Entry<String, String>> pairs(String encoded, int maxPairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String part : encoded.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            if (pairs.size() == maxPairs) {
                throw ApiException.badRequest("Too many parameters (at most " + maxPairs + ")");
            }
            int eq = part.indexOf('=');
            String key = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            pairs.add(Map.entry(key, value));
        }
        return pairs;
    }

    /** Nests decoded pairs by their bracket keys. */
    public static Map<String, Object> nest(List<Map.Entry<String, String>> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs) {
            put(root, segments(pair.getKey()), pair.getValue());
        }
        return root;
    }

    public static Map<String, Object> parse(String encoded, int maxPairs) {
        return nest(pairs(encoded, maxPairs));
    }

    /** {@code a[b][]} → {@code ["a", "b", ""]}; an empty segment means "append to a list". */
    static List<String> segments(String key) {
        List<String> segments = new ArrayList<>();
        int open = key.indexOf('[');
        if (open <= 0 || !key.endsWith("]")) {
            segments.add(key);
            return segments;
        }
        segments.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            int close = key.indexOf(']', i);
            if (key.charAt(i) != '[' || close < 0) {
                throw ApiException.badRequest("Malformed parameter name: " + key);
            }
            segments.add(key.substring(i + 1, close));
            i = close + 1;
        }
        if (segments.size() > MAX_DEPTH) {
            throw ApiException.badRequest("Parameter nested too deeply: " + key);
        }
        return segments;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, List<String> segments, String value) {
        String head = segments.getFirst();
        if (segments.size() == 1) {
            Object existing = map.get(head);
            if (existing == null) {
                map.put(head, value);
            } else if (existing instanceof List<?> list) {
                ((List<Object>) list).add(value);
            } else if (existing instanceof String previous) {
                map.put(head, new ArrayList<>(List.of(previous, value)));
            } else {
                throw ApiException.badRequest("Parameter " + head + " is given both as a value and as an object");
            }
            return;
        }
        String next = segments.get(1);
        if (next.isEmpty() && segments.size() == 2) {
            Object existing = map.computeIfAbsent(head, k -> new ArrayList<>());
            if (!(existing instanceof List<?> list)) {
                throw ApiException.badRequest("Parameter " + head + " is given both as a list and as something else");
            }
            ((List<Object>) list).add(value);
            return;
        }
        if (next.isEmpty()) {
            throw ApiException.badRequest("Lists of objects are not supported in parameter " + head);
        }
        Object child = map.computeIfAbsent(head, k -> new LinkedHashMap<String, Object>());
        if (!(child instanceof Map<?, ?> childMap)) {
            throw ApiException.badRequest("Parameter " + head + " is given both as an object and as something else");
        }
        put((Map<String, Object>) childMap, segments.subList(1, segments.size()), value);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Malformed percent-encoding in parameters");
        }
    }
}
