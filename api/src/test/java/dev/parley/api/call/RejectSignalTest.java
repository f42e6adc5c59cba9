package dev.parley.api.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.common.signal.SignalField;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reject signal's fields (docs/protocol.md §3.2: everything but sdp), held to the envelope both SDKs' signal
 * codecs write, in {@code sdk-scenarios/envelopes.json}: a callee that rejects over REST looks to the caller
 * exactly like one that rejects over chat.
 */
class RejectSignalTest {

    private static final Path ENVELOPES = Path.of("").toAbsolutePath().resolveSibling("sdk-scenarios").resolve("envelopes.json");
    /** The repeated items of the protocol's two lists. */
    private static final Map<String, String> LIST_ITEMS = Map.of("opponentsIDs", "opponentID", "iceCandidates", "iceCandidate");

    @Test
    void writesTheSameEnvelopeAsTheSdks() throws IOException {
        JsonNode envelopes = new ObjectMapper().readTree(ENVELOPES.toFile()).get("envelopes");
        List<JsonNode> rejects = new ArrayList<>();
        envelopes.forEach(envelope -> {
            if (envelope.has("restReject")) rejects.add(envelope);
        });
        assertThat(rejects).as("the REST reject's envelope in " + ENVELOPES).isNotEmpty();
        for (JsonNode envelope : rejects) {
            JsonNode header = envelope.get("signal").get("header");
            List<SignalField> userInfo = fields(envelope.get("signal").get("userInfo"));
            RejectSignal reject = new RejectSignal(header.get("sessionId").asText(), header.get("callerId").asLong(),
                    header.get("callType").asInt(), header.get("platform").asText(), userInfo);

            assertThat(reject.extraParams(envelope.get("restReject").get("rejectingUser").asLong()))
                    .as(envelope.get("name").asText()).isEqualTo(fields(envelope.get("fields")));
        }
    }

    @Test
    void theRecipientIsTheCallerAndTheRejectingUserTheOpponent() {
        RejectSignal reject = new RejectSignal("sid-1", 111, 2, "mobile", List.of(new SignalField.Text("busy", "1")));

        assertThat(reject.extraParams(222)).containsExactly(
                new SignalField.Text("moduleIdentifier", "WebRTCVideoChat"),
                new SignalField.Text("signalType", "reject"),
                new SignalField.Text("sessionID", "sid-1"),
                new SignalField.Text("callType", "2"),
                new SignalField.Text("callerID", "111"),
                new SignalField.Group("opponentsIDs", List.of(new SignalField.Text("opponentID", "222"))),
                new SignalField.Text("platform", "mobile"),
                new SignalField.Group("userInfo", List.of(new SignalField.Text("busy", "1"))));
    }

    @Test
    void userInfoIsLeftOutWhenTheRequestHadNone() {
        assertThat(new RejectSignal("sid-1", 111, 1, "web", null).extraParams(222))
                .extracting(SignalField::name).doesNotContain("userInfo");
    }

    /** The envelope's JSON fields as the elements they are written as (a list's items repeat its item name). */
    private static List<SignalField> fields(JsonNode object) {
        List<SignalField> fields = new ArrayList<>();
        object.fields().forEachRemaining(field -> fields.add(field(field.getKey(), field.getValue())));
        return fields;
    }

    private static SignalField field(String name, JsonNode value) {
        if (value.isArray()) {
            List<SignalField> items = new ArrayList<>();
            value.forEach(item -> items.add(field(LIST_ITEMS.get(name), item)));
            return new SignalField.Group(name, items);
        }
        if (value.isObject()) return new SignalField.Group(name, fields(value));
        return new SignalField.Text(name, value.asText());
    }
}
