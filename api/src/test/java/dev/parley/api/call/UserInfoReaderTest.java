package dev.parley.api.call;

import dev.parley.api.http.ApiException;
import dev.parley.common.signal.SignalField;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** userInfo becomes nested elements of extraParams (docs/protocol.md §3.2), so its keys must be XML names. */
class UserInfoReaderTest {

    private static String failure(Object userInfo) {
        try {
            UserInfoReader.read(userInfo);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).containsOnlyKeys("userInfo");
            return e.errors().get("userInfo").getFirst();
        }
        throw new AssertionError("accepted " + userInfo);
    }

    @Test
    void keepsOrderNestingAndWritesScalarsAsText() {
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("name", "Ann");
        caller.put("avatar", null);
        Map<String, Object> userInfo = new LinkedHashMap<>();
        userInfo.put("busy", true);
        userInfo.put("attempt", 3);
        userInfo.put("caller", caller);
        userInfo.put("ключ_1.a-b", "ü");

        assertThat(UserInfoReader.read(userInfo)).containsExactly(
                new SignalField.Text("busy", "true"),
                new SignalField.Text("attempt", "3"),
                new SignalField.Group("caller", List.of(new SignalField.Text("name", "Ann"),
                        new SignalField.Text("avatar", ""))),
                new SignalField.Text("ключ_1.a-b", "ü"));
    }

    @Test
    void rejectsKeysThatAreNotXmlElementNames() {
        for (String key : List.of("1st", "a b", "a:b", "a<b", "-x", ".x", "", "xmlThing", "XML", "k".repeat(65))) {
            assertThat(failure(Map.of(key, "v"))).as(key).contains("is not a valid XML element name");
        }
        assertThat(failure(Map.of("ok", Map.of("bad key", "v")))).contains("userInfo[ok][bad key]");
        assertThat(UserInfoReader.read(Map.of("k".repeat(64), "v"))).hasSize(1);
    }

    @Test
    void rejectsListsAndNonObjects() {
        assertThat(failure(Map.of("ids", List.of("1", "2")))).contains("userInfo[ids] is a list");
        assertThat(failure("busy")).isEqualTo("must be an object of strings");
        assertThat(failure(List.of("busy"))).isEqualTo("must be an object of strings");
    }

    @Test
    void boundsTheNestingDepth() {
        Map<String, Object> four = Map.of("a", Map.of("b", Map.of("c", Map.of("d", "x"))));
        assertThat(UserInfoReader.read(four)).hasSize(1);
        assertThat(failure(Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", "x")))))))
                .contains("nested too deeply");
    }

    @Test
    void boundsTheTotalSizeOfKeysAndValuesInUtf8Bytes() {
        assertThat(UserInfoReader.read(Map.of("k", "x".repeat(UserInfoReader.MAX_BYTES - 1)))).hasSize(1);
        assertThat(failure(Map.of("k", "x".repeat(UserInfoReader.MAX_BYTES)))).contains("too large");
        // 2 bytes each in UTF-8: half as many characters fit.
        assertThat(failure(Map.of("k", "é".repeat(UserInfoReader.MAX_BYTES / 2)))).contains("too large");
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            many.put("key" + i, "value");
        }
        assertThat(failure(many)).contains("too large");
    }
}
