package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.Meeting.Attendee;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and validates the flat body of {@code POST /meetings} and {@code PUT /meetings/{id}} (PROTOCOL.md section
 * 2.3) into {@link Meeting.Details}. Every problem is collected, so one 422 names all the fields at fault; nested
 * fields are named with brackets ({@code attendees[2][email]}, {@code timezone[offset]}). Absent fields keep their
 * value (on create: the defaults); {@code null} clears the nullable ones ({@code record}, {@code notify_before},
 * {@code timezone}) and counts as absent for the others. Read-only fields ({@code _id}, {@code host_id},
 * {@code chat_dialog_id}, times) and unknown ones are ignored, so that a client may send back an object it read.
 * Stateless.
 */
final class MeetingInput {

    static final int NAME_MAX = 200;
    static final int ATTENDEES_MAX = 100;
    static final int EMAIL_MAX = 255;
    static final int TIMEZONE_NAME_MAX = 64;
    /** UTC−12:00 to UTC+14:00, the offsets in use. */
    static final int TIMEZONE_OFFSET_MIN = -720;
    static final int TIMEZONE_OFFSET_MAX = 840;
    /** A meeting without an end lasts an hour, as the ConnectyCube SDK's default. */
    static final long DEFAULT_DURATION = 3600;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
    private static final Pattern NO_CONTROL = Pattern.compile("[^\\p{Cntrl}]*");

    private MeetingInput() {
    }

    /**
     * A new meeting: {@code name} is required; {@code start_date} defaults to {@code now} (Unix seconds),
     * {@code end_date} to an hour after the start, {@code record} and the flags to false. {@code chat} is
     * checked to be a boolean; Parley has no chat dialogs, so it asks for nothing.
     */
    static Meeting.Details create(Params body, long now) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (body.raw("name") == null) {
            add(errors, "name", "is required");
        }
        collect(() -> body.bool("chat"), errors);
        boolean endGiven = body.raw("end_date") != null;
        Meeting.Details defaults = new Meeting.Details(null, now, now + DEFAULT_DURATION, List.of(), false, false, false,
                false, null, null);
        return read(body, defaults, endGiven, errors);
    }

    /** The meeting's details with the body's changes applied. */
    static Meeting.Details update(Params body, Meeting.Details current) {
        return read(body, current, true, new LinkedHashMap<>());
    }

    private static Meeting.Details read(Params body, Meeting.Details current, boolean keepEnd,
                                        Map<String, List<String>> errors) {
        String name = name(body, current.name(), errors);
        Long start = time(body, "start_date", current.startDate(), errors);
        Long end = time(body, "end_date", keepEnd || start == null ? current.endDate() : start + DEFAULT_DURATION, errors);
        List<Attendee> attendees = attendees(body, current.attendees(), errors);
        Boolean record = body.has("record") ? nullableFlag(body, "record", current.record(), errors) : current.record();
        boolean isPublic = flag(body, "public", current.isPublic(), errors);
        boolean scheduled = flag(body, "scheduled", current.scheduled(), errors);
        boolean notify = flag(body, "notify", current.notifyAttendees(), errors);
        Meeting.NotifyBefore notifyBefore = body.has("notify_before") ? notifyBefore(body, errors) : current.notifyBefore();
        Meeting.Timezone timezone = body.has("timezone") ? timezone(body, errors) : current.timezone();
        if (start != null && end != null && end <= start) {
            add(errors, "end_date", "must be after start_date");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Meeting.Details(name, start, end, attendees, record, isPublic, scheduled, notify, notifyBefore,
                timezone);
    }

    private static String name(Params body, String current, Map<String, List<String>> errors) {
        if (body.raw("name") == null) {
            return current;
        }
        Optional<String> value = collect(() -> body.string("name"), errors);
        if (value == null) {
            return current;
        }
        String text = value.get().strip();
        if (text.isEmpty() || text.length() > NAME_MAX) {
            add(errors, "name", "must be 1 to " + NAME_MAX + " characters");
        } else if (!NO_CONTROL.matcher(text).matches()) {
            add(errors, "name", "must not contain control characters");
        }
        return text;
    }

    /** A time in whole Unix seconds; null when it is at fault. */
    private static Long time(Params body, String key, long current, Map<String, List<String>> errors) {
        Object raw = body.raw(key);
        return raw == null ? Long.valueOf(current) : collect(() -> MeetingTime.seconds(raw, key), errors);
    }

    private static boolean flag(Params body, String key, boolean current, Map<String, List<String>> errors) {
        if (body.raw(key) == null) {
            return current;
        }
        Optional<Boolean> value = collect(() -> body.bool(key), errors);
        return value == null ? current : value.orElse(current);
    }

    private static Boolean nullableFlag(Params body, String key, Boolean current, Map<String, List<String>> errors) {
        if (body.raw(key) == null) {
            return null;
        }
        Optional<Boolean> value = collect(() -> body.bool(key), errors);
        return value == null ? current : value.orElse(null);
    }

    /**
     * A list of objects with {@code id} (a user of the application; checked by the service) and/or {@code email}.
     * A repeated attendee (the same id, or the same e-mail without an id) is dropped.
     */
    private static List<Attendee> attendees(Params body, List<Attendee> current, Map<String, List<String>> errors) {
        Object raw = body.raw("attendees");
        if (raw == null) {
            return current;
        }
        if (!(raw instanceof List<?> list)) {
            add(errors, "attendees", "must be a list of objects with id and/or email");
            return current;
        }
        if (list.size() > ATTENDEES_MAX) {
            add(errors, "attendees", "at most " + ATTENDEES_MAX + " attendees");
            return current;
        }
        List<Attendee> attendees = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "attendees[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                add(errors, field, "must be an object with id and/or email");
                continue;
            }
            @SuppressWarnings("unchecked")
            Params item = Params.of((Map<String, Object>) map);
            Long id = attendeeId(item, field, errors);
            String email = attendeeEmail(item, field, errors);
            if (id == null && email == null) {
                if (!errors.containsKey(field + "[id]") && !errors.containsKey(field + "[email]")) {
                    add(errors, field, "needs an id or an email");
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

    private static Long attendeeId(Params item, String field, Map<String, List<String>> errors) {
        String name = field + "[id]";
        Optional<Long> id = collect(() -> {
            try {
                return item.integer("id");
            } catch (ApiException e) {
                throw ApiException.invalid(name, "must be a user id (a positive integer)");
            }
        }, errors);
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.get() < 1) {
            add(errors, name, "must be a user id (a positive integer)");
            return null;
        }
        return id.get();
    }

    private static String attendeeEmail(Params item, String field, Map<String, List<String>> errors) {
        String name = field + "[email]";
        Optional<String> value = collect(() -> {
            try {
                return item.string("email");
            } catch (ApiException e) {
                throw ApiException.invalid(name, "must be an email address");
            }
        }, errors);
        if (value == null || value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        String email = value.get().strip();
        if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            add(errors, name, "is not a valid email address (at most " + EMAIL_MAX + " characters)");
            return null;
        }
        return email;
    }

    /** The allowed values of {@code notify_before[value]} for one metric. */
    private record Range(int min, int max) {
    }

    /**
     * {@code {metric, value}}, or null. The ranges are those the ConnectyCube SDK documents: minutes 0–55,
     * hours 1–24, days 1–30, weeks 1–4.
     */
    private static Meeting.NotifyBefore notifyBefore(Params body, Map<String, List<String>> errors) {
        if (body.raw("notify_before") == null) {
            return null;
        }
        Params object = collect(() -> body.object("notify_before"), errors);
        if (object == null) {
            return null;
        }
        Optional<String> metricText = collect(() -> object.string("metric"), errors);
        Meeting.Metric metric = metricText == null ? null : metric(metricText.orElse(""));
        if (metricText != null && metric == null) {
            add(errors, "notify_before[metric]", "must be minutes, hours, days or weeks");
        }
        Optional<Long> value = collect(() -> object.integer("value"), errors);
        if (value != null && value.isEmpty()) {
            add(errors, "notify_before[value]", "is required");
        }
        if (metric == null || value == null || value.isEmpty()) {
            return null;
        }
        Range range = switch (metric) {
            case MINUTES -> new Range(0, 55);
            case HOURS -> new Range(1, 24);
            case DAYS -> new Range(1, 30);
            case WEEKS -> new Range(1, 4);
        };
        if (value.get() < range.min() || value.get() > range.max()) {
            add(errors, "notify_before[value]", "must be " + range.min() + " to " + range.max() + " " + metric.wireName());
            return null;
        }
        return new Meeting.NotifyBefore(metric, value.get().intValue());
    }

    private static Meeting.Metric metric(String text) {
        String wireName = text.strip().toLowerCase(Locale.ROOT);
        for (Meeting.Metric metric : Meeting.Metric.values()) {
            if (metric.wireName().equals(wireName)) {
                return metric;
            }
        }
        return null;
    }

    /** {@code {offset, name}} (offset in minutes from UTC), or null. */
    private static Meeting.Timezone timezone(Params body, Map<String, List<String>> errors) {
        if (body.raw("timezone") == null) {
            return null;
        }
        Params object = collect(() -> body.object("timezone"), errors);
        if (object == null) {
            return null;
        }
        Optional<Long> offset = collect(() -> object.integer("offset"), errors);
        if (offset != null && offset.isEmpty()) {
            add(errors, "timezone[offset]", "is required");
        } else if (offset != null && (offset.get() < TIMEZONE_OFFSET_MIN || offset.get() > TIMEZONE_OFFSET_MAX)) {
            add(errors, "timezone[offset]", "must be minutes from " + TIMEZONE_OFFSET_MIN + " to " + TIMEZONE_OFFSET_MAX);
        }
        Optional<String> name = collect(() -> object.string("name"), errors);
        String text = name == null ? null : name.map(String::strip).orElse("");
        if (text != null && (text.isEmpty() || text.length() > TIMEZONE_NAME_MAX || !NO_CONTROL.matcher(text).matches())) {
            add(errors, "timezone[name]", "must be 1 to " + TIMEZONE_NAME_MAX + " characters, without control characters");
        }
        if (errors.containsKey("timezone[offset]") || errors.containsKey("timezone[name]") || offset == null
                || text == null) {
            return null;
        }
        return new Meeting.Timezone(offset.get().intValue(), text);
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
