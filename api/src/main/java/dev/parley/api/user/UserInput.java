package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.common.json.Json;
import dev.parley.storage.model.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the writable user fields of a {@code user} object (docs/protocol.md section 2.2). Every
 * problem is collected, so one 422 names all the fields at fault. Fields absent from the request keep their
 * current value; a JSON null clears an optional field.
 */
public final class UserInput {

    public static final int LOGIN_MIN = 3;
    public static final int LOGIN_MAX = 50;
    public static final int EMAIL_MAX = 255;
    public static final int FULL_NAME_MAX = 200;
    public static final int PHONE_MAX = 50;
    public static final int WEBSITE_MAX = 255;
    public static final int CUSTOM_DATA_MAX = 10_000;
    public static final int AVATAR_MAX = 1024;
    public static final int TAGS_MAX = 10;
    public static final int TAG_MAX = 100;
    public static final int TIMEZONE_LIMIT = 1440;

    /** The shape of an email; its characters are checked by {@link UserText#identifierProblem} first. */
    private static final Pattern EMAIL = Pattern.compile("[^@]+@[^@]+\\.[^@]+");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\-. ]+");

    /** The validated result: the profile to store, and a new password when one was given. */
    public record Result(User.Profile profile, Optional<String> password) {
    }

    private final int passwordMin;
    private final int passwordMax;

    public UserInput(int passwordMin, int passwordMax) {
        this.passwordMin = passwordMin;
        this.passwordMax = passwordMax;
    }

    /** Validates {@code user} over {@code current} (an empty profile for sign-up). */
    public Result read(Params user, User.Profile current) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String login = text(user, "login", current.login(), errors, LOGIN_MAX, UserText::identifierProblem);
        String email = text(user, "email", current.email(), errors, EMAIL_MAX, UserText::identifierProblem);
        String fullName = text(user, "full_name", current.fullName(), errors, FULL_NAME_MAX, UserText::displayProblem);
        String phone = text(user, "phone", current.phone(), errors, PHONE_MAX, UserText::displayProblem);
        String website = text(user, "website", current.website(), errors, WEBSITE_MAX, UserText::displayProblem);
        String avatar = text(user, "avatar", current.avatar(), errors, AVATAR_MAX, UserText::displayProblem);
        String customData = customData(user, current.customData(), errors);
        Long externalId = number(user, "external_user_id", current.externalUserId(), 1, Long.MAX_VALUE, errors);
        Long timezone = number(user, "timezone", current.timezone() == null ? null : current.timezone().longValue(),
                -TIMEZONE_LIMIT, TIMEZONE_LIMIT, errors);
        String tags = tags(user, current.userTags(), errors);

        if (user.has("login") && login != null && !errors.containsKey("login") && login.length() < LOGIN_MIN) {
            add(errors, "login", "must be " + LOGIN_MIN + " to " + LOGIN_MAX + " characters without spaces");
        }
        if (user.has("email") && email != null && !errors.containsKey("email")) {
            if (!EMAIL.matcher(email).matches()) {
                add(errors, "email", "is not a valid email address");
            } else if (email.toLowerCase(Locale.ROOT).length() > EMAIL_MAX) {
                // Stored lower-cased too, for case-insensitive uniqueness; U+0130 lower-cases to two chars.
                add(errors, "email", "is too long (at most " + EMAIL_MAX + " characters)");
            }
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            add(errors, "phone", "may contain only digits, spaces and + ( ) - .");
        }
        Optional<String> password = user.string("password").filter(p -> !p.isEmpty());
        password.ifPresent(p -> {
            if (p.length() < passwordMin || p.length() > passwordMax) {
                add(errors, "password", "must be " + passwordMin + " to " + passwordMax + " characters");
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        User.Profile profile = new User.Profile(login, email, fullName, phone, website, externalId, customData, avatar,
                tags, timezone == null ? null : timezone.intValue());
        return new Result(profile, password);
    }

    public static User.Profile emptyProfile() {
        return new User.Profile(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * A single-line text field, trimmed and in NFC ({@link UserText#normalise}), checked for length and by
     * {@code rule}; a blank value clears it. An absent field keeps {@code current}, unchecked: rules that
     * tighten apply to what is sent, and never lock a user out of changing their other fields.
     */
    private static String text(Params p, String key, String current, Map<String, List<String>> errors, int max,
                               Function<String, Optional<String>> rule) {
        if (!p.has(key)) {
            return current;
        }
        Optional<String> value;
        try {
            value = p.string(key);
        } catch (ApiException e) {
            add(errors, key, "must be a single value");
            return current;
        }
        if (value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        String text = UserText.normalise(value.get());
        if (text.length() > max) {
            add(errors, key, "is too long (at most " + max + " characters)");
        } else {
            rule.apply(text).ifPresent(problem -> add(errors, key, problem));
        }
        return text;
    }

    /** A guest's {@code full_name}: the same rules as a user's; absent or blank is null. */
    public static String guestFullName(Params user) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        String fullName = text(user, "full_name", null, errors, FULL_NAME_MAX, UserText::displayProblem);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return fullName;
    }

    /** custom_data is a string; an object is accepted and stored as its JSON text. */
    private static String customData(Params p, String current, Map<String, List<String>> errors) {
        if (!p.has("custom_data")) {
            return current;
        }
        Object raw = p.raw("custom_data");
        if (raw == null) {
            return null;
        }
        String text = raw instanceof String s ? s : Json.write(raw);
        if (text.length() > CUSTOM_DATA_MAX) {
            add(errors, "custom_data", "is too long (at most " + CUSTOM_DATA_MAX + " characters)");
        }
        return text.isEmpty() ? null : text;
    }

    private static Long number(Params p, String key, Long current, long min, long max, Map<String, List<String>> errors) {
        if (!p.has(key)) {
            return current;
        }
        try {
            Optional<Long> value = p.integer(key);
            if (value.isPresent() && (value.get() < min || value.get() > max)) {
                add(errors, key, "must be between " + min + " and " + max);
            }
            return value.orElse(null);
        } catch (ApiException e) {
            add(errors, key, "must be an integer");
            return current;
        }
    }

    /** tag_list (array or comma-separated) sets user_tags; both names are accepted. */
    private static String tags(Params p, String current, Map<String, List<String>> errors) {
        String key = p.has("tag_list") ? "tag_list" : p.has("user_tags") ? "user_tags" : null;
        if (key == null) {
            return current;
        }
        List<String> tags;
        try {
            tags = p.list(key);
        } catch (ApiException e) {
            add(errors, key, "must be a list of tags");
            return current;
        }
        List<String> unique = new ArrayList<>();
        for (String raw : tags) {
            String tag = UserText.normalise(raw);
            if (tag.isEmpty()) {
                continue;
            }
            Optional<String> problem = UserText.displayProblem(tag);
            if (tag.length() > TAG_MAX || problem.isPresent()) {
                add(errors, key, problem.map(reason -> "each tag " + reason)
                        .orElse("each tag must be 1 to " + TAG_MAX + " characters"));
                return current;
            }
            if (!unique.contains(tag)) {
                unique.add(tag);
            }
            // Stop at once: a 64 KiB body holds thousands of tags, and each is compared with those kept.
            if (unique.size() > TAGS_MAX) {
                add(errors, key, "at most " + TAGS_MAX + " tags");
                return current;
            }
        }
        return unique.isEmpty() ? null : String.join(",", unique);
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
