package dev.parley.conference.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/protocol.md §4.2 and Janus's janus.c: what each request reads as, and the error code for what is malformed. */
class JanusCodecTest {

    static JanusException refusal(String json) {
        try {
            JanusCodec.decode(json);
        } catch (JanusException e) {
            return e;
        }
        throw new AssertionError("accepted " + json);
    }

    static JsonNode tree(JanusMessage message) throws Exception {
        return Json.MAPPER.readTree(JanusCodec.encode(message));
    }

    @Test
    void readsJanusJsRequests() throws JanusException {
        assertThat(JanusCodec.decode("{\"janus\":\"create\",\"transaction\":\"abc\",\"token\":\"tk\"}"))
                .isEqualTo(new JanusRequest.Create(new Envelope("abc", 0, 0, "tk")));
        assertThat(JanusCodec.decode("{\"janus\":\"attach\",\"plugin\":\"janus.plugin.videoroom\",\"opaque_id\":\"o\","
                + "\"transaction\":\"t\",\"session_id\":5}"))
                .isEqualTo(new JanusRequest.Attach(new Envelope("t", 5, 0, null), "janus.plugin.videoroom", "o"));
        JanusRequest.Message message = (JanusRequest.Message) JanusCodec.decode("{\"janus\":\"message\",\"transaction\":\"t\","
                + "\"session_id\":5,\"handle_id\":6,\"body\":{\"request\":\"configure\"},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
        assertThat(message.body().path("request").asText()).isEqualTo("configure");
        assertThat(message.jsep()).isEqualTo(Jsep.offer("v=0"));
        assertThat(JanusCodec.decode("{\"janus\":\"keepalive\",\"transaction\":\"t\",\"session_id\":5}"))
                .isInstanceOf(JanusRequest.Keepalive.class);
        assertThat(JanusCodec.decode("{\"janus\":\"detach\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6}"))
                .isInstanceOf(JanusRequest.Detach.class);
        assertThat(JanusCodec.decode("{\"janus\":\"hangup\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6}"))
                .isInstanceOf(JanusRequest.Hangup.class);
        assertThat(JanusCodec.decode("{\"janus\":\"destroy\",\"transaction\":\"t\",\"session_id\":5}"))
                .isInstanceOf(JanusRequest.Destroy.class);
        assertThat(JanusCodec.decode("{\"janus\":\"info\",\"transaction\":\"t\"}")).isInstanceOf(JanusRequest.Info.class);
        assertThat(JanusCodec.decode("{\"janus\":\"ping\",\"transaction\":\"t\"}")).isInstanceOf(JanusRequest.Ping.class);
        assertThat(JanusCodec.decode("{\"janus\":\"claim\",\"transaction\":\"t\",\"session_id\":5}"))
                .isInstanceOf(JanusRequest.Claim.class);
    }

    @Test
    void readsTheThreeFormsOfTrickle() throws JanusException {
        JanusRequest.Trickle one = (JanusRequest.Trickle) JanusCodec.decode("{\"janus\":\"trickle\",\"transaction\":\"t\","
                + "\"session_id\":5,\"handle_id\":6,\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 198.18.0.2 5 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
        JanusRequest.Trickle many = (JanusRequest.Trickle) JanusCodec.decode("{\"janus\":\"trickle\",\"transaction\":\"t\","
                + "\"session_id\":5,\"handle_id\":6,\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 198.18.0.2 5 typ host\","
                + "\"sdpMid\":\"0\"},{\"completed\":true}]}");
        JanusRequest.Trickle done = (JanusRequest.Trickle) JanusCodec.decode("{\"janus\":\"trickle\",\"transaction\":\"t\","
                + "\"session_id\":5,\"handle_id\":6,\"candidate\":{\"completed\":true}}");

        assertThat(one.candidates()).containsExactly(
                new TrickleCandidate("candidate:1 1 udp 1 198.18.0.2 5 typ host", "0", 0));
        assertThat(many.candidates()).hasSize(2).last().isEqualTo(TrickleCandidate.COMPLETED);
        assertThat(done.candidates()).containsExactly(TrickleCandidate.COMPLETED);
    }

    @Test
    void takesTheSessionAndHandleFromAnHttpPath() throws JanusException {
        JanusRequest request = JanusCodec.decode("{\"janus\":\"message\",\"transaction\":\"t\",\"body\":{}}", 5, 6);

        assertThat(request.envelope()).isEqualTo(new Envelope("t", 5, 6, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"janus\":\"create\",|454|JSON error:",
        "not json at all|454|JSON error:",
        "[1,2]|455|JSON error: not an object",
        "{\"janus\":\"create\"}|456|Missing mandatory element (transaction)",
        "{\"transaction\":\"t\"}|456|Missing mandatory element (janus)",
        "{\"janus\":\"create\",\"transaction\":5}|467|Invalid element type (transaction should be a string)",
        "{\"janus\":7,\"transaction\":\"t\"}|467|Invalid element type (janus should be a string)",
        "{\"janus\":\"keepalive\",\"transaction\":\"t\",\"session_id\":\"5\"}|467|Invalid element type (session_id should be a positive integer)",
        "{\"janus\":\"keepalive\",\"transaction\":\"t\",\"session_id\":-5}|467|Invalid element type (session_id should be a positive integer)",
        "{\"janus\":\"create\",\"transaction\":\"t\",\"token\":5}|467|Invalid element type (token should be a string)",
        "{\"janus\":\"explode\",\"transaction\":\"t\"}|453|Unknown request 'explode'",
        "{\"janus\":\"attach\",\"transaction\":\"t\",\"plugin\":\"janus.plugin.videoroom\"}|457|Unhandled request 'attach' at this path",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"body\":{}}|457|Unhandled request 'message' at this path",
        "{\"janus\":\"create\",\"transaction\":\"t\",\"session_id\":5}|457|Unhandled request 'create' at this path",
        "{\"janus\":\"destroy\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6}|457|Unhandled request 'destroy' at this path",
        "{\"janus\":\"attach\",\"transaction\":\"t\",\"session_id\":5}|456|Missing mandatory element (plugin)",
        "{\"janus\":\"attach\",\"transaction\":\"t\",\"session_id\":5,\"plugin\":[]}|467|Invalid element type (plugin should be a string)",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6}|456|Missing mandatory element (body)",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"body\":\"x\"}|467|Invalid element type (body should be an object)",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"body\":{},\"jsep\":1}|455|Invalid jsep object",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"body\":{},\"jsep\":{\"type\":\"offer\"}}|456|JSEP error: missing mandatory element (sdp)",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"body\":{},\"jsep\":{\"type\":\"offer\",\"sdp\":1}}|467|JSEP error: invalid element type (sdp should be a string)",
        "{\"janus\":\"message\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"body\":{},\"jsep\":{\"type\":\"pranswer\",\"sdp\":\"v=0\"}}|464|JSEP error: unknown message type 'pranswer'",
        "{\"janus\":\"trickle\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6}|456|'Missing mandatory element (candidate|candidates)'",
        "{\"janus\":\"trickle\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"candidate\":{},\"candidates\":[]}|454|'Can''t have both candidate and candidates'",
        "{\"janus\":\"trickle\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"candidates\":{}}|467|candidates is not an array",
        "{\"janus\":\"trickle\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,\"candidate\":\"x\"}|467|Invalid element type (candidate should be an object)",
    })
    void refusesWithJanusCodes(String json, int code, String reason) {
        JanusException e = refusal(json);

        assertThat(e.error().code()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith(reason);
    }

    @Test
    void refusesAConflictBetweenTheBodyAndTheUrl() {
        assertThatThrownBy(() -> JanusCodec.decode("{\"janus\":\"keepalive\",\"transaction\":\"t\",\"session_id\":7}", 5, 0))
                .isInstanceOfSatisfying(JanusException.class, e -> {
                    assertThat(e.error()).isEqualTo(JanusError.INVALID_REQUEST_PATH);
                    assertThat(e.getMessage()).isEqualTo("Conflicting session ID (payload and path)");
                });
    }

    @Test
    void keepsTheTransactionOfARefusedRequest() {
        JanusException e = refusal("{\"janus\":\"explode\",\"transaction\":\"abc\",\"session_id\":9}");

        assertThat(e.reply()).isEqualTo(new JanusMessage.Error("abc", 9, 453, "Unknown request 'explode'"));
    }

    @Test
    void refusesTooManyCandidatesAtOnce() {
        String candidates = "{\"completed\":true},".repeat(JanusCodec.MAX_CANDIDATES);
        JanusException e = refusal("{\"janus\":\"trickle\",\"transaction\":\"t\",\"session_id\":5,\"handle_id\":6,"
                + "\"candidates\":[" + candidates + "{\"completed\":true}]}");

        assertThat(e.error()).isEqualTo(JanusError.INVALID_ELEMENT_TYPE);
    }

    @Test
    void writesAnswersAsJanusDoes() throws Exception {
        assertThat(tree(new JanusMessage.Success("t", 0, JsonNodeFactory.instance.objectNode().put("id", 12))).toString())
                .isEqualTo("{\"janus\":\"success\",\"transaction\":\"t\",\"data\":{\"id\":12}}");
        assertThat(tree(new JanusMessage.Ack("t", 5)).toString())
                .isEqualTo("{\"janus\":\"ack\",\"session_id\":5,\"transaction\":\"t\"}");
        assertThat(tree(new JanusMessage.Error("t", 5, 458, "No such session 5")).toString())
                .isEqualTo("{\"janus\":\"error\",\"session_id\":5,\"transaction\":\"t\",\"error\":{\"code\":458,\"reason\":\"No such session 5\"}}");
        assertThat(tree(new JanusMessage.PluginEvent(5, 6, "t", "janus.plugin.videoroom",
                JsonNodeFactory.instance.objectNode().put("videoroom", "joined"), Jsep.answer("v=0"))).toString())
                .isEqualTo("{\"janus\":\"event\",\"session_id\":5,\"transaction\":\"t\",\"sender\":6,\"plugindata\":"
                        + "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"joined\"}},\"jsep\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
        assertThat(tree(new JanusMessage.Media(5, 6, "1", "video", false)).toString())
                .isEqualTo("{\"janus\":\"media\",\"session_id\":5,\"sender\":6,\"mid\":\"1\",\"type\":\"video\",\"receiving\":false}");
        assertThat(tree(new JanusMessage.SlowLink(5, 6, "1", true, 30)).toString())
                .isEqualTo("{\"janus\":\"slowlink\",\"session_id\":5,\"sender\":6,\"mid\":\"1\",\"uplink\":true,\"lost\":30}");
        assertThat(tree(new JanusMessage.Hangup(5, 6, "DTLS alert")).toString())
                .isEqualTo("{\"janus\":\"hangup\",\"session_id\":5,\"sender\":6,\"reason\":\"DTLS alert\"}");
        assertThat(tree(new JanusMessage.WebrtcUp(5, 6)).toString()).isEqualTo("{\"janus\":\"webrtcup\",\"session_id\":5,\"sender\":6}");
        assertThat(tree(new JanusMessage.Detached(5, 6)).toString()).isEqualTo("{\"janus\":\"detached\",\"session_id\":5,\"sender\":6}");
        assertThat(tree(new JanusMessage.Timeout(5)).toString()).isEqualTo("{\"janus\":\"timeout\",\"session_id\":5}");
        assertThat(JanusCodec.encodeAll(List.of(new JanusMessage.Keepalive()))).isEqualTo("[{\"janus\":\"keepalive\"}]");
    }
}
