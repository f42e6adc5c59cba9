package dev.parley.api.push;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The body of POST /events (docs/protocol.md section 2.4). */
class EventInputTest {

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> errors(Map<String, Object> event) {
        try {
            EventInput.read(Params.of(Map.of("event", event)), 100);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors();
        }
        throw new AssertionError("accepted " + event);
    }

    private static EventInput.Request read(Map<String, Object> event) {
        return EventInput.read(Params.of(Map.of("event", event)), 100);
    }

    @Test
    void readsTheCallKitEventOfTheSeeds() {
        String message = "{\"message\":\"Incoming Video call\",\"call_type\":1,\"session_id\":\"abc\",\"caller_id\":5,"
                + "\"call_opponents\":\"7,8\",\"signal_type\":\"startCall\",\"ios_voip\":1}";
        EventInput.Request request = read(Map.of("notification_type", "push", "environment", "development",
                "event_type", "one_shot", "message", "payload=" + base64(message), "user", Map.of("ids", "7, 8")));
        assertThat(request.details().message()).isEqualTo(message);
        assertThat(request.details().environment()).isEqualTo("development");
        assertThat(request.message().voip()).isTrue();
        assertThat(request.recipients().ids()).containsExactly(7L, 8L);
        assertThat(request.channels()).containsExactlyInAnyOrder(PushChannel.APNS_VOIP, PushChannel.GCM, PushChannel.WEB);
    }

    @Test
    void idsMayBeAListOrCommaSeparatedAndTextIsTheAlertBody() {
        EventInput.Request request = read(Map.of("message", base64("Hello"), "user", Map.of("ids", List.of(3, "4"))));
        assertThat(request.recipients().ids()).containsExactly(3L, 4L);
        assertThat(request.message().fields()).isEqualTo(Map.of("message", "Hello"));
        assertThat(request.message().voip()).isFalse();
        assertThat(request.channels()).containsExactlyInAnyOrder(PushChannel.APNS, PushChannel.GCM, PushChannel.WEB);
    }

    @Test
    void pushTypeNarrowsTheChannels() {
        assertThat(EventInput.channels(false, PushChannel.APNS)).isEqualTo(EnumSet.of(PushChannel.APNS));
        assertThat(EventInput.channels(true, PushChannel.APNS)).isEqualTo(EnumSet.of(PushChannel.APNS_VOIP));
        assertThat(EventInput.channels(false, PushChannel.APNS_VOIP)).isEqualTo(EnumSet.of(PushChannel.APNS_VOIP));
        assertThat(EventInput.channels(true, PushChannel.GCM)).isEqualTo(EnumSet.of(PushChannel.GCM));
        assertThat(EventInput.channels(false, PushChannel.WEB)).isEqualTo(EnumSet.of(PushChannel.WEB));
    }

    @Test
    void tagsAndExternalIdsBecomeUserConditions() {
        EventInput.Request byTags = read(Map.of("message", base64("x"), "user",
                Map.of("tags", Map.of("any", "red,blue", "all", List.of("vip"), "exclude", "muted"))));
        assertThat(byTags.recipients().conditions()).containsExactly(
                new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.IN, List.of("red", "blue")),
                new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.EQ, List.of("vip")),
                new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.NIN, List.of("muted")));
        assertThat(byTags.details().tagQuery()).isEqualTo("tags[any]=red,blue&tags[all]=vip&tags[exclude]=muted");

        EventInput.Request external = read(Map.of("message", base64("x"), "external_user", Map.of("ids", "900,901")));
        assertThat(external.recipients().conditions()).containsExactly(
                new UserQuery.Condition(UserField.EXTERNAL_USER_ID, UserQuery.Operator.IN, List.of(900L, 901L)));
    }

    @Test
    void namesEveryFieldAtFaultAtOnce() {
        Map<String, Object> event = new HashMap<>();
        event.put("notification_type", "email");
        event.put("event_type", "period_date");
        event.put("environment", "staging");
        event.put("push_type", "sms");
        event.put("message", "not base64!");
        event.put("user", Map.of("ids", "1,x"));
        assertThat(errors(event)).containsOnlyKeys("event[notification_type]", "event[event_type]",
                "event[environment]", "event[push_type]", "event[message]", "event[user][ids]");
    }

    @Test
    void rejectsMissingPartsAndOversizedOnes() {
        assertThat(errors(Map.of())).containsOnlyKeys("event[message]", "event[user]");
        assertThat(errors(Map.of("message", base64("x"), "user", Map.of()))).containsOnlyKeys("event[user]");
        assertThat(errors(Map.of("message", base64("x"), "user", Map.of("ids", 1), "external_user", Map.of("ids", 2))))
                .containsOnlyKeys("event[external_user]");
        assertThat(errors(Map.of("message", base64("x".repeat(EventInput.MESSAGE_MAX + 1)), "user", Map.of("ids", 1))))
                .containsOnlyKeys("event[message]");
        assertThat(errors(Map.of("message", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28}),
                "user", Map.of("ids", 1)))).containsOnlyKeys("event[message]");
        String tooMany = String.join(",", java.util.stream.IntStream.rangeClosed(1, 101).mapToObj(String::valueOf).toList());
        assertThat(errors(Map.of("message", base64("x"), "user", Map.of("ids", tooMany)))).containsOnlyKeys("event[user][ids]");
        assertThat(errors(Map.of("message", base64("x"), "user", Map.of("tags", Map.of("any", "t".repeat(101))))))
                .containsOnlyKeys("event[user][tags][any]");
        try {
            EventInput.read(Params.of(Map.of()), 100);
            throw new AssertionError("accepted a body without event");
        } catch (ApiException e) {
            assertThat(e.errors()).containsOnlyKeys("event");
        }
    }
}
