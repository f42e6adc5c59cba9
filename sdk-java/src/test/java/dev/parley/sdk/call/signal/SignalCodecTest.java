package dev.parley.sdk.call.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.chat.ExtraParams;
import dev.parley.sdk.chat.ExtraParamsProvider;
import dev.parley.sdk.media.IceCandidate;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The signal codec against the envelopes of {@code sdk-scenarios/envelopes.json}, which the browser SDK's codec
 * and the server's {@code POST /calls/reject} are held to as well (docs/protocol.md §3.2): every signal type
 * encodes to exactly those fields, in that order, survives the XML of extraParams, and decodes back; lenient
 * reads and refusals as the file lists them.
 */
class SignalCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ENVELOPES = Path.of("").toAbsolutePath().resolveSibling("sdk-scenarios").resolve("envelopes.json");

    @TestFactory
    Stream<DynamicTest> everySignalEncodesToTheSharedEnvelopeAndBack() throws IOException {
        return stream("envelopes").map(envelope -> DynamicTest.dynamicTest(envelope.get("name").asText(), () -> {
            CallSignal signal = signal(envelope.get("signal"));
            Map<String, Object> encoded = SignalCodec.encode(signal);
            assertThat(((JsonNode) JSON.valueToTree(encoded)).toString()).as("the same fields in the same order")
                    .isEqualTo(envelope.get("fields").toString());
            Map<String, Object> wire = throughXml(encoded);
            assertThat((JsonNode) JSON.valueToTree(wire)).isEqualTo(envelope.get("fields"));
            assertThat(SignalCodec.decode(wire)).isEqualTo(signal);
        }));
    }

    @TestFactory
    Stream<DynamicTest> readsLeniently() throws IOException {
        return stream("lenient").map(entry -> DynamicTest.dynamicTest(entry.get("name").asText(), () ->
                assertThat(SignalCodec.decode(fields(entry.get("fields")))).isEqualTo(signal(entry.get("signal")))));
    }

    @TestFactory
    Stream<DynamicTest> refusesWhatIsNoSignal() throws IOException {
        return stream("refused").map(entry -> DynamicTest.dynamicTest(entry.get("name").asText(), () ->
                assertThatThrownBy(() -> SignalCodec.decode(fields(entry.get("fields")))).isInstanceOf(SignalFormatException.class)));
    }

    @Test
    void aNestedUserInfoFromABrowserArrivesAsItsJsonTextAndUserInfoIsBounded() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("signalType", "update");
        nested.put("sessionID", "s");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("mediaState", Map.of("audioMuted", "true"));
        for (int i = 0; i < 70; i++) info.put("k" + i, i == 0 ? "x".repeat(5000) : "v");
        nested.put("userInfo", info);
        Map<String, String> userInfo = ((CallSignal.Update) SignalCodec.decode(nested)).userInfo();
        assertThat(userInfo.get("mediaState")).isEqualTo("{\"audioMuted\":\"true\"}");
        assertThat(userInfo).hasSize(64);
        assertThat(userInfo.get("k0")).hasSize(4096);
    }

    private static Stream<JsonNode> stream(String part) throws IOException {
        JsonNode file = JSON.readTree(ENVELOPES.toFile());
        List<JsonNode> entries = new ArrayList<>();
        file.get(part).forEach(entries::add);
        assertThat(entries).as(part + " in " + ENVELOPES).isNotEmpty();
        return entries.stream();
    }

    /** The browser SDK's shape of a signal, as this SDK's record. */
    static CallSignal signal(JsonNode json) {
        JsonNode h = json.get("header");
        List<Long> opponents = new ArrayList<>();
        h.get("opponentIds").forEach(id -> opponents.add(id.asLong()));
        SignalHeader header = new SignalHeader(h.get("sessionId").asText(), h.get("callType").asInt() == 2 ? ConferenceType.AUDIO
                : ConferenceType.VIDEO, h.get("callerId").asLong(), opponents, h.get("platform").asText());
        Map<String, String> userInfo = JSON.convertValue(json.path("userInfo").isMissingNode() ? JSON.createObjectNode()
                : json.get("userInfo"), JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, String.class));
        String sdp = json.path("sdp").asText(null);
        return switch (json.get("kind").asText()) {
            case "call" -> new CallSignal.Call(header, sdp, userInfo);
            case "accept" -> new CallSignal.Accept(header, sdp, userInfo);
            case "reject" -> new CallSignal.Reject(header, userInfo);
            case "hangUp" -> new CallSignal.HangUp(header, userInfo);
            case "update" -> new CallSignal.Update(header, userInfo);
            case "reconnect" -> new CallSignal.Reconnect(header, json.get("offerId").asText(), sdp, json.get("offer").asBoolean());
            case "iceCandidates" -> {
                List<IceCandidate> candidates = new ArrayList<>();
                json.get("candidates").forEach(c -> candidates.add(new IceCandidate(c.get("sdpMid").isNull() ? null
                        : c.get("sdpMid").asText(), c.get("sdpMLineIndex").asInt(), c.get("candidate").asText())));
                yield new CallSignal.IceCandidates(header, candidates);
            }
            case "iceRestart" -> new CallSignal.IceRestart(header, sdp);
            case "iceRestartAccept" -> new CallSignal.IceRestartAccept(header, sdp);
            default -> throw new AssertionError("unknown kind " + json.get("kind"));
        };
    }

    private static Map<String, Object> fields(JsonNode json) {
        return JSON.convertValue(json, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    private static Map<String, Object> throughXml(Map<String, Object> fields) throws Exception {
        String xml = new ExtraParams(fields).toXML(XmlEnvironment.EMPTY).toString();
        XmlPullParser parser = PacketParserUtils.getParserFor(xml);
        return new ExtraParamsProvider().parse(parser, parser.getDepth(), null).fields();
    }
}
