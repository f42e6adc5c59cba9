package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.FieldErrors;
import dev.parley.api.http.Params;
import dev.parley.api.user.UserText;
import dev.parley.storage.model.Meeting.Attendee;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a meeting's {@code attendees} (docs/protocol.md section 2.3): a list of at most {@link #MAX} objects, each with
 * an {@code id} (a positive integer; that it names a user of the application is the service's check) and/or an
 * {@code email}, checked and normalised (NFC) as a user's email is. A repeated attendee (the same id, or the same e-mail without an id) is dropped. Problems are
 * named {@code attendees[i]}, {@code attendees[i][id]} and {@code attendees[i][email]}. Stateless.
 */
final class AttendeeInput {

    static final int MAX = 100;
    static final int EMAIL_MAX = 255;

    /** The shape of an email; its characters are checked by {@link UserText#identifierProblem} first. */
    private static final Pattern EMAIL = Pattern.compile("[^@]+@[^@]+\\.[^@]+");
    private static final String ID_RULE = "must be a user id (a positive integer)";

    private AttendeeInput() {
    }

    /** The attendees of a non-null {@code raw}; on a problem, {@code current} (the problem is in {@code errors}). */
    static List<Attendee> read(Object raw, List<Attendee> current, FieldErrors errors) {
        if (!(raw instanceof List<?> list)) {
            errors.add("attendees", "must be a list of objects with id and/or email");
            return current;
        }
        if (list.size() > MAX) {
            errors.add("attendees", "at most " + MAX + " attendees");
            return current;
        }
        List<Attendee> attendees = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "attendees[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                errors.add(field, "must be an object with id and/or email");
                continue;
            }
            @SuppressWarnings("unchecked")
            Params item = Params.of((Map<String, Object>) map);
            Long id = id(item, field + "[id]", errors);
            String email = email(item, field + "[email]", errors);
            if (id == null && email == null) {
                if (!errors.has(field + "[id]") && !errors.has(field + "[email]")) {
                    errors.add(field, "needs an id or an email");
                }
                continue;
            }
            boolean repeated = id != null ? !ids.add(id) : !emails.add(email.toLowerCase(Locale.ROOT));
            if (!repeated) {
                attendees.add(new Attendee(id, email));
            }
        }
        return attendees;
    }

    private static Long id(Params item, String name, FieldErrors errors) {
        Optional<Long> id = errors.collect(() -> {
            try {
                return item.integer("id");
            } catch (ApiException e) {
                throw ApiException.invalid(name, ID_RULE);
            }
        });
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.get() < 1) {
            errors.add(name, ID_RULE);
            return null;
        }
        return id.get();
    }

    private static String email(Params item, String name, FieldErrors errors) {
        Optional<String> value = errors.collect(() -> {
            try {
                return item.string("email");
            } catch (ApiException e) {
                throw ApiException.invalid(name, "must be an email address");
            }
        });
        if (value == null || value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        // As users' emails are kept (UserInput), so that an attendee's address matches the user's.
        String email = UserText.normalise(value.get());
        Optional<String> problem = UserText.identifierProblem(email);
        if (problem.isPresent()) {
            errors.add(name, problem.get());
            return null;
        }
        if (!EMAIL.matcher(email).matches()) {
            errors.add(name, "is not a valid email address");
            return null;
        }
        if (email.toLowerCase(Locale.ROOT).length() > EMAIL_MAX) {
            errors.add(name, "is too long (at most " + EMAIL_MAX + " characters)");
            return null;
        }
        return email;
    }
}
