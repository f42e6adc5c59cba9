package dev.parley.api.http;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    @Test
    void convertsLenientlyBetweenNumbersAndText() {
        Params params = Params.of(Map.of("a", 5, "b", "7", "c", true, "d", "1"));
        assertThat(params.integer("a")).contains(5L);
        assertThat(params.integer("b")).contains(7L);
        assertThat(params.string("a")).contains("5");
        assertThat(params.bool("c")).contains(true);
        assertThat(params.bool("d")).contains(true);
        assertThat(params.integer("missing")).isEmpty();
    }

    @Test
    void errorsNameTheNestedParameter() {
        Params params = Params.of(Map.of("user", Map.of("id", "x", "tags", Map.of("k", "v"))));
        assertThatThrownBy(() -> params.object("user").integer("id"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("user[id]"));
        assertThatThrownBy(() -> params.object("user").string("tags"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsKey("user[tags]"));
        assertThatThrownBy(() -> Params.of(Map.of("user", "text")).object("user")).isInstanceOf(ApiException.class);
    }

    @Test
    void listsComeAsArraysOrCommaSeparated() {
        assertThat(Params.of(Map.of("t", List.of("a", "b,c"))).list("t")).containsExactly("a", "b", "c");
        assertThat(Params.of(Map.of("t", "a, b")).list("t")).containsExactly("a", "b");
        assertThat(Params.of(Map.of("t", "a,b")).values("t")).containsExactly("a,b");
    }

    @Test
    void signingPairsFlattenNestedKeysAndSkipTheSignature() {
        Map<String, Object> values = new HashMap<>();
        values.put("application_id", 3);
        values.put("signature", "abc");
        values.put("user", Map.of("login", "bob"));
        assertThat(Params.of(values).signingPairs()).containsExactlyInAnyOrder("application_id=3", "user[login]=bob");
    }
}
