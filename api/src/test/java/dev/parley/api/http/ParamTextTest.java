package dev.parley.api.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class ParamTextTest {

    @Test
    void acceptsAnyTextThatEncodesIncludingPairedSurrogatesAndControls() {
        assertThatCode(() -> ParamText.check(Map.of("user", Map.of("login", "\ud83d\ude00", "custom_data", "a\tb\n",
                "tags", List.of("x", "\u200b"))))).doesNotThrowAnyException();
    }

    @Test
    void aNulOrUnpairedSurrogateIsA422NamingTheNestedParameter() {
        assertRejected(Map.of("login", "a\u0000"), "login");
        assertRejected(Map.of("user", Map.of("custom_data", "x\ud800")), "user[custom_data]");
        assertRejected(Map.of("user", Map.of("full_name", "\udc00x")), "user[full_name]");
        assertRejected(Map.of("filter", List.of("ok", "string login eq \u0000")), "filter");
        assertRejected(Map.of("id", Map.of("in", List.of("1", "\ude00\ud83d"))), "id[in]");
    }

    @Test
    void aBadParameterNameIsA400() {
        assertThatThrownBy(() -> ParamText.check(Map.of("user", Map.of("lo\u0000gin", "x"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private static void assertRejected(Map<String, Object> params, String name) {
        assertThatThrownBy(() -> ParamText.check(params)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).containsOnlyKeys(name);
        });
    }
}
