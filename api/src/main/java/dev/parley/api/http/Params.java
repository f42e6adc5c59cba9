package dev.parley.api.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters from a JSON body, a form body or a query string, all in one nested shape. Getters
 * convert leniently (the SDKs send numbers as strings and the other way round) and fail with a 422 naming
 * the parameter when a value cannot be used.
 */
public final class Params {

    private final Map<String, Object> values;
    private final String prefix;

    private Params(Map<String, Object> values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    public static Params of(Map<String, Object> values) {
        return new Params(values, "");
    }

    public static Params empty() {
        return of(Map.of());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object raw(String key) {
        return values.get(key);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** A scalar as text; absent or null is empty. Objects and lists are a 422. */
    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw ApiException.invalid(name(key), "must be a single value");
        }
        return Optional.of(String.valueOf(value));
    }

    public Optional<Long> integer(String key) {
        Optional<String> text = string(key);
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get().trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name(key), "must be an integer");
        }
    }

    public Optional<Boolean> bool(String key) {
        return string(key).map(v -> switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no", "" -> false;
            default -> throw ApiException.invalid(name(key), "must be true or false");
        });
    }

    /** A nested object; absent is empty. */
    @SuppressWarnings("unchecked")
    public Params object(String key) {
        Object value = values.get(key);
        if (value == null) {
            return new Params(Map.of(), name(key));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiException.invalid(name(key), "must be an object");
        }
        return new Params((Map<String, Object>) map, name(key));
    }

    /** A list given as an array ({@code k[]=a&k[]=b}, JSON array) or comma-separated ({@code k=a,b}). */
    public List<String> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw ApiException.invalid(name(key), "must be a list of values");
                }
                out.addAll(splitCommas(String.valueOf(item)));
            }
            return out;
        }
        if (value instanceof Map<?, ?>) {
            throw ApiException.invalid(name(key), "must be a list of values");
        }
        return splitCommas(String.valueOf(value));
    }

    /** A value or list of values as given, without splitting on commas. */
    public List<String> values(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (value instanceof Map<?, ?>) {
            throw ApiException.invalid(name(key), "must be a list of values");
        }
        return List.of(String.valueOf(value));
    }

    /**
     * The {@code key=value} pairs a QuickBlox signature covers: nested keys written {@code user[login]}, every
     * key but {@code signature}.
     */
    public List<String> signingPairs() {
        List<String> pairs = new ArrayList<>();
        flatten("", values, pairs);
        return pairs;
    }

    private static void flatten(String prefix, Map<?, ?> map, List<String> out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "[" + entry.getKey() + "]";
            if (prefix.isEmpty() && key.equals("signature")) {
                continue;
            }
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key, nested, out);
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    out.add(key + "[]=" + item);
                }
            } else {
                out.add(key + "=" + (value == null ? "" : value));
            }
        }
    }

    private static List<String> splitCommas(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private String name(String key) {
        return prefix.isEmpty() ? key : prefix + "[" + key + "]";
    }
}
