package dev.parley.api.push;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.FieldErrors;
import dev.parley.api.http.Params;
import dev.parley.api.user.UserText;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushMessage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates the body of {@code POST /events} (docs/protocol.md section 2.4): {@code event[...]} with
 * {@code notification_type} ({@code push}, the default), {@code push_type}, {@code environment},
 * {@code event_type} ({@code one_shot}, the default and only kind), {@code name}, {@code message} (standard base64
 * of UTF-8 text; a leading {@code payload=} is dropped) and the recipients: {@code user[ids]} (a JSON array or
 * {@code "1,2"}), {@code user[tags][any|all|exclude]}, or {@code external_user[ids]}. Every problem is collected,
 * so one 422 names all the fields at fault. Stateless.
 */
final class EventInput {

    /** Decoded message bytes: what every provider's payload limit leaves room for with Parley's own keys. */
    static final int MESSAGE_MAX = 2048;
    static final int NAME_MAX = 255;
    static final int TAGS_MAX = 10;
    static final int TAG_MAX = 100;

    private static final Set<String> ENVIRONMENTS = Set.of("development", "production");

    /** A parsed event: what to store, whom it is for, and which channels of theirs get it. */
    record Request(PushEvent.Details details, PushMessage message, EventRecipients recipients, Set<PushChannel> channels) {
    }

    private EventInput() {
    }

    /** @param maxIds the most ids one list may name (the recipient cap) */
    static Request read(Params body, int maxIds) {
        if (body.raw("event") == null) {
            throw ApiException.invalid("event", "is required");
        }
        Params event = body.object("event");
        FieldErrors errors = new FieldErrors();
        String type = word(event, "notification_type", errors);
        if (type != null && !type.equals("push")) {
            errors.add("event[notification_type]", "must be push");
        }
        String kind = word(event, "event_type", errors);
        if (kind != null && !kind.equals("one_shot")) {
            errors.add("event[event_type]", "must be one_shot (the only kind of event Parley sends)");
        }
        String environment = word(event, "environment", errors);
        if (environment != null && !ENVIRONMENTS.contains(environment)) {
            errors.add("event[environment]", "must be development or production");
        }
        String pushTypeName = word(event, "push_type", errors);
        PushChannel pushType = pushTypeName == null ? null : PushChannel.byWireName(pushTypeName).orElse(null);
        if (pushTypeName != null && pushType == null) {
            errors.add("event[push_type]", "must be apns, apns_voip, gcm or web");
        }
        String name = name(event, errors);
        String text = message(event, errors);
        EventRecipients recipients = recipients(event, maxIds, errors);
        errors.throwIfAny();
        PushMessage message = PushMessage.of(text);
        PushEvent.Details details = new PushEvent.Details(name, environment, pushType, text, recipients.tagQuery());
        return new Request(details, message, recipients, channels(message.voip(), pushType));
    }

    /**
     * The channels an event goes to: a VoIP event ({@code ios_voip: 1}, or {@code push_type: apns_voip}) to iOS
     * devices' VoIP subscriptions, any other to their alert subscriptions; both to FCM and Web Push. A
     * {@code push_type} narrows that to its own family ({@code apns} being both APNs channels).
     */
    static Set<PushChannel> channels(boolean voip, PushChannel pushType) {
        Set<PushChannel> channels = EnumSet.of(voip || pushType == PushChannel.APNS_VOIP ? PushChannel.APNS_VOIP
                : PushChannel.APNS, PushChannel.GCM, PushChannel.WEB);
        if (pushType != null) {
            channels.retainAll(pushType == PushChannel.APNS ? EnumSet.of(PushChannel.APNS, PushChannel.APNS_VOIP)
                    : EnumSet.of(pushType));
        }
        return channels;
    }

    private static String message(Params event, FieldErrors errors) {
        String field = "event[message]";
        Optional<String> raw = errors.collect(() -> event.string("message"));
        if (raw == null) {
            return null;
        }
        String encoded = raw.map(String::strip).orElse("");
        if (encoded.startsWith("payload=")) {
            encoded = encoded.substring("payload=".length());
        }
        if (encoded.isEmpty()) {
            errors.add(field, "is required");
            return null;
        }
        if (encoded.length() > (MESSAGE_MAX + 2) / 3 * 4 + 4) {
            errors.add(field, "is too long (at most " + MESSAGE_MAX + " bytes once decoded)");
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be base64 (RFC 4648 section 4) of UTF-8 text");
            return null;
        }
        if (bytes.length > MESSAGE_MAX) {
            errors.add(field, "is too long (at most " + MESSAGE_MAX + " bytes once decoded)");
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            errors.add(field, "must be base64 of UTF-8 text");
            return null;
        }
    }

    private static String name(Params event, FieldErrors errors) {
        Optional<String> raw = errors.collect(() -> event.string("name"));
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String text = UserText.normalise(raw.get());
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > NAME_MAX) {
            errors.add("event[name]", "must be at most " + NAME_MAX + " characters");
        } else {
            UserText.displayProblem(text).ifPresent(problem -> errors.add("event[name]", problem));
        }
        return text;
    }

    private static EventRecipients recipients(Params event, int maxIds, FieldErrors errors) {
        boolean byUser = event.raw("user") != null;
        boolean byExternal = event.raw("external_user") != null;
        EventRecipients none = new EventRecipients(List.of(), List.of(), List.of(), List.of(), List.of());
        if (byUser && byExternal) {
            errors.add("event[external_user]", "give user or external_user, not both");
            return none;
        }
        if (!byUser && !byExternal) {
            errors.add("event[user]", "is required: user[ids], user[tags] or external_user[ids]");
            return none;
        }
        if (byExternal) {
            Params external = errors.collect(() -> event.object("external_user"));
            List<Long> ids = external == null ? List.of() : ids(external, "event[external_user][ids]", maxIds, errors);
            if (external != null && ids.isEmpty() && !errors.has("event[external_user][ids]")) {
                errors.add("event[external_user][ids]", "is required");
            }
            return new EventRecipients(List.of(), ids, List.of(), List.of(), List.of());
        }
        Params user = errors.collect(() -> event.object("user"));
        if (user == null) {
            return none;
        }
        List<Long> ids = ids(user, "event[user][ids]", maxIds, errors);
        List<String> any = List.of();
        List<String> all = List.of();
        List<String> exclude = List.of();
        if (user.raw("tags") != null) {
            Params tags = errors.collect(() -> user.object("tags"));
            if (tags != null) {
                any = tags(tags, "any", errors);
                all = tags(tags, "all", errors);
                exclude = tags(tags, "exclude", errors);
            }
        }
        boolean faulty = errors.has("event[user][ids]") || errors.has("event[user][tags]")
                || errors.has("event[user][tags][any]") || errors.has("event[user][tags][all]")
                || errors.has("event[user][tags][exclude]");
        if (ids.isEmpty() && any.isEmpty() && all.isEmpty() && exclude.isEmpty() && !faulty) {
            errors.add("event[user]", "needs ids or tags[any], tags[all] or tags[exclude]");
        }
        return new EventRecipients(ids, List.of(), any, all, exclude);
    }

    private static List<Long> ids(Params object, String field, int maxIds, FieldErrors errors) {
        List<String> values = errors.collect(() -> object.list("ids"));
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxIds) {
            errors.add(field, "names more than " + maxIds + " users");
            return List.of();
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String value : values) {
            try {
                long id = Long.parseLong(value.strip());
                if (id < 1) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                errors.add(field, "must be user ids (positive integers), as a list or comma-separated");
                return List.of();
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> tags(Params tags, String key, FieldErrors errors) {
        String field = "event[user][tags][" + key + "]";
        List<String> values = errors.collect(() -> tags.list(key));
        if (values == null) {
            return List.of();
        }
        if (values.size() > TAGS_MAX) {
            errors.add(field, "names more than " + TAGS_MAX + " tags");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String tag = UserText.normalise(value);
            if (tag.isEmpty() || tag.length() > TAG_MAX) {
                errors.add(field, "each tag must be 1 to " + TAG_MAX + " characters");
                return List.of();
            }
            if (!out.contains(tag)) {
                out.add(tag);
            }
        }
        return out;
    }

    /** A keyword, lower-cased; null when absent or blank. */
    private static String word(Params event, String key, FieldErrors errors) {
        Optional<String> value = errors.collect(() -> event.string(key));
        return value == null ? null : value.map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
                .orElse(null);
    }
}
