package dev.parley.api.call;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.common.signal.SignalField;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body of POST /calls/reject (docs/protocol.md §2.5). */
class RejectInputTest {

    private static Map<String, List<String>> errors(Map<String, Object> body) {
        try {
            RejectInput.read(Params.of(body));
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.errors();
        }
        throw new AssertionError("accepted " + body);
    }

    @Test
    void readsEveryFieldWithRecipientIdAsNumberOrText() {
        RejectSignal fromNumber = RejectInput.read(Params.of(Map.of("sessionID", "5d3c1b7e-8a9f", "recipientId", 42,
                "platform", "mobile", "callType", "2", "userInfo", Map.of("busy", "1"))));
        RejectSignal fromText = RejectInput.read(Params.of(Map.of("sessionID", "5d3c1b7e-8a9f", "recipientId", " 42 ",
                "platform", "mobile", "callType", 2, "userInfo", Map.of("busy", "1"))));

        assertThat(fromNumber).isEqualTo(new RejectSignal("5d3c1b7e-8a9f", 42, 2, "mobile",
                List.of(new SignalField.Text("busy", "1"))));
        assertThat(fromText).isEqualTo(fromNumber);
    }

    @Test
    void defaultsPlatformToWebAndCallTypeToVideoAndLeavesUserInfoOut() {
        Map<String, Object> body = new HashMap<>(Map.of("sessionID", "s-1", "recipientId", "7", "platform", " "));
        body.put("userInfo", null);
        assertThat(RejectInput.read(Params.of(body))).isEqualTo(new RejectSignal("s-1", 7, 1, "web", null));
    }

    @Test
    void namesEveryMissingFieldAtOnce() {
        assertThat(errors(Map.of())).containsOnlyKeys("sessionID", "recipientId")
                .containsEntry("sessionID", List.of("is required"))
                .containsEntry("recipientId", List.of("is required"));
        assertThat(errors(Map.of("sessionID", "  ", "recipientId", ""))).containsOnlyKeys("sessionID", "recipientId");
    }

    @Test
    void rejectsSessionIdsThatAreTooLongOrCarryUnsafeCharacters() {
        assertThat(errors(Map.of("sessionID", "x".repeat(129), "recipientId", 1))).containsOnlyKeys("sessionID");
        assertThat(errors(Map.of("sessionID", "a<b>", "recipientId", 1)).get("sessionID").getFirst())
                .contains("letters, digits");
        assertThat(errors(Map.of("sessionID", List.of("a", "b"), "recipientId", 1)))
                .containsEntry("sessionID", List.of("must be a single value"));
        assertThat(RejectInput.read(Params.of(Map.of("sessionID", "x".repeat(128), "recipientId", 1))).sessionId())
                .hasSize(128);
    }

    @Test
    void rejectsRecipientIdsThatAreNotPositiveIntegers() {
        assertThat(errors(Map.of("sessionID", "s", "recipientId", "bob")))
                .containsEntry("recipientId", List.of("must be an integer"));
        assertThat(errors(Map.of("sessionID", "s", "recipientId", 1.5)))
                .containsEntry("recipientId", List.of("must be an integer"));
        assertThat(errors(Map.of("sessionID", "s", "recipientId", 0)))
                .containsEntry("recipientId", List.of("must be a user id (a positive integer)"));
    }

    @Test
    void rejectsUnknownCallTypesAndOddPlatforms() {
        assertThat(errors(Map.of("sessionID", "s", "recipientId", 1, "callType", 3)))
                .containsEntry("callType", List.of("must be 1 (video) or 2 (audio)"));
        assertThat(errors(Map.of("sessionID", "s", "recipientId", 1, "platform", "web browser")))
                .containsOnlyKeys("platform");
    }

    @Test
    void reportsUserInfoProblemsAlongsideTheOthers() {
        assertThatThrownBy(() -> RejectInput.read(Params.of(Map.of("recipientId", 1, "userInfo", "busy"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
                        .containsOnlyKeys("sessionID", "userInfo")
                        .containsEntry("userInfo", List.of("must be an object of strings")));
    }
}
