package dev.parley.api.meeting;

import dev.parley.api.http.FieldErrors;
import dev.parley.api.http.Params;
import dev.parley.api.user.UserText;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.Meeting.Attendee;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and validates the flat body of {@code POST /meetings} and {@code PUT /meetings/{id}} (docs/protocol.md section
 * 2.3) into {@link Meeting.Details}. Text is trimmed, put in NFC and checked as a user's display text is
 * ({@link UserText}). Every problem is collected, so one 422 names all the fields at fault; nested
 * fields are named with brackets ({@code attendees[2][email]}, {@code timezone[offset]}). Absent fields keep their
 * value (on create: the defaults); {@code null} clears the nullable ones ({@code record}, {@code notify_before},
 * {@code timezone}) and counts as absent for the others. Read-only fields ({@code _id}, {@code host_id},
 * {@code chat_dialog_id}, times) and unknown ones are ignored, so that a client may send back an object it read.
 * Stateless.
 */
final class MeetingInput {

    static final int NAME_MAX = 200;
    static final int TIMEZONE_NAME_MAX = 64;
    /** UTC−12:00 to UTC+14:00, the offsets in use. */
    static final int TIMEZONE_OFFSET_MIN = -720;
    static final int TIMEZONE_OFFSET_MAX = 840;
    /** A meeting without an end lasts an hour, as the ConnectyCube SDK's default. */
    static final long DEFAULT_DURATION = 3600;

    private MeetingInput() {
    }

    /**
     * A new meeting: {@code name} is required; {@code start_date} defaults to {@code now} (Unix seconds),
     * {@code end_date} to an hour after the start, {@code record} and the flags to false. {@code chat} is
     * checked to be a boolean; Parley has no chat dialogs, so it asks for nothing.
     */
    static Meeting.Details create(Params body, long now) {
        FieldErrors errors = new FieldErrors();
        if (body.raw("name") == null) {
            errors.add("name", "is required");
        }
        errors.collect(() -> body.bool("chat"));
        boolean endGiven = body.raw("end_date") != null;
        Meeting.Details defaults = new Meeting.Details(null, now, now + DEFAULT_DURATION, List.of(), false, false, false,
                false, null, null);
        return read(body, defaults, endGiven, errors);
    }

    /** The meeting's details with the body's changes applied. */
    static Meeting.Details update(Params body, Meeting.Details current) {
        return read(body, current, true, new FieldErrors());
    }

    private static Meeting.Details read(Params body, Meeting.Details current, boolean keepEnd, FieldErrors errors) {
        String name = name(body, current.name(), errors);
        Long start = time(body, "start_date", current.startDate(), errors);
        Long end = time(body, "end_date", keepEnd || start == null ? current.endDate() : start + DEFAULT_DURATION,
                errors);
        List<Attendee> attendees = body.raw("attendees") == null ? current.attendees()
                : AttendeeInput.read(body.raw("attendees"), current.attendees(), errors);
        Boolean record = body.has("record") ? nullableFlag(body, "record", current.record(), errors) : current.record();
        boolean isPublic = flag(body, "public", current.isPublic(), errors);
        boolean scheduled = flag(body, "scheduled", current.scheduled(), errors);
        boolean notify = flag(body, "notify", current.notifyAttendees(), errors);
        Meeting.NotifyBefore notifyBefore = body.has("notify_before") ? notifyBefore(body, errors) : current.notifyBefore();
        Meeting.Timezone timezone = body.has("timezone") ? timezone(body, errors) : current.timezone();
        if (start != null && end != null && end <= start) {
            errors.add("end_date", "must be after start_date");
        }
        errors.throwIfAny();
        return new Meeting.Details(name, start, end, attendees, record, isPublic, scheduled, notify, notifyBefore,
                timezone);
    }

    private static String name(Params body, String current, FieldErrors errors) {
        if (body.raw("name") == null) {
            return current;
        }
        Optional<String> value = errors.collect(() -> body.string("name"));
        if (value == null) {
            return current;
        }
        String text = UserText.normalise(value.get());
        if (text.isEmpty() || text.length() > NAME_MAX) {
            errors.add("name", "must be 1 to " + NAME_MAX + " characters");
        } else {
            UserText.displayProblem(text).ifPresent(problem -> errors.add("name", problem));
        }
        return text;
    }

    /** A time in whole Unix seconds; null when it is at fault. */
    private static Long time(Params body, String key, long current, FieldErrors errors) {
        Object raw = body.raw(key);
        return raw == null ? Long.valueOf(current) : errors.collect(() -> MeetingTime.seconds(raw, key));
    }

    private static boolean flag(Params body, String key, boolean current, FieldErrors errors) {
        if (body.raw(key) == null) {
            return current;
        }
        Optional<Boolean> value = errors.collect(() -> body.bool(key));
        return value == null ? current : value.orElse(current);
    }

    private static Boolean nullableFlag(Params body, String key, Boolean current, FieldErrors errors) {
        if (body.raw(key) == null) {
            return null;
        }
        Optional<Boolean> value = errors.collect(() -> body.bool(key));
        return value == null ? current : value.orElse(null);
    }

    /** The allowed values of {@code notify_before[value]} for one metric. */
    private record Range(int min, int max) {
    }

    /**
     * {@code {metric, value}}, or null. The ranges are those the ConnectyCube SDK documents: minutes 0–55,
     * hours 1–24, days 1–30, weeks 1–4.
     */
    private static Meeting.NotifyBefore notifyBefore(Params body, FieldErrors errors) {
        if (body.raw("notify_before") == null) {
            return null;
        }
        Params object = errors.collect(() -> body.object("notify_before"));
        if (object == null) {
            return null;
        }
        Optional<String> metricText = errors.collect(() -> object.string("metric"));
        Meeting.Metric metric = metricText == null ? null : metric(metricText.orElse(""));
        if (metricText != null && metric == null) {
            errors.add("notify_before[metric]", "must be minutes, hours, days or weeks");
        }
        Optional<Long> value = errors.collect(() -> object.integer("value"));
        if (value != null && value.isEmpty()) {
            errors.add("notify_before[value]", "is required");
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
            errors.add("notify_before[value]", "must be " + range.min() + " to " + range.max() + " " + metric.wireName());
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
    private static Meeting.Timezone timezone(Params body, FieldErrors errors) {
        if (body.raw("timezone") == null) {
            return null;
        }
        Params object = errors.collect(() -> body.object("timezone"));
        if (object == null) {
            return null;
        }
        Optional<Long> offset = errors.collect(() -> object.integer("offset"));
        if (offset != null && offset.isEmpty()) {
            errors.add("timezone[offset]", "is required");
        } else if (offset != null && (offset.get() < TIMEZONE_OFFSET_MIN || offset.get() > TIMEZONE_OFFSET_MAX)) {
            errors.add("timezone[offset]", "must be minutes from " + TIMEZONE_OFFSET_MIN + " to " + TIMEZONE_OFFSET_MAX);
        }
        Optional<String> name = errors.collect(() -> object.string("name"));
        String text = name == null ? null : UserText.normalise(name.orElse(""));
        if (text != null && (text.isEmpty() || text.length() > TIMEZONE_NAME_MAX)) {
            errors.add("timezone[name]", "must be 1 to " + TIMEZONE_NAME_MAX + " characters");
        } else if (text != null) {
            UserText.displayProblem(text).ifPresent(problem -> errors.add("timezone[name]", problem));
        }
        if (errors.has("timezone[offset]") || errors.has("timezone[name]") || offset == null
                || text == null) {
            return null;
        }
        return new Meeting.Timezone(offset.get().intValue(), text);
    }
}
