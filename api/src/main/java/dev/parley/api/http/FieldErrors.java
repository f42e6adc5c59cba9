package dev.parley.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The problems found in one request body, by field, so that one 422 names them all. Confined to the thread
 * reading the body.
 */
public final class FieldErrors {

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public void add(String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    /** Runs a read that may fail with a 422; its errors are added and null returned. */
    public <T> T collect(Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            e.errors().forEach((field, messages) -> messages.forEach(m -> add(field, m)));
            return null;
        }
    }

    /** A 422 naming every field at fault, when there is one. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
