package dev.parley.api.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BracketParamsTest {

    @Test
    void nestsBracketKeysLikeAJsonBody() {
        Map<String, Object> parsed = BracketParams.parse("application_id=1&user%5Blogin%5D=bob&user[password]=p%20w", 100);
        assertThat(parsed).isEqualTo(Map.of("application_id", "1", "user", Map.of("login", "bob", "password", "p w")));
    }

    @Test
    void emptyBracketsAndRepeatedKeysMakeLists() {
        assertThat(BracketParams.parse("ids[]=1&ids[]=2", 100)).isEqualTo(Map.of("ids", List.of("1", "2")));
        assertThat(BracketParams.parse("id[in][]=1&id[in][]=2", 100)).isEqualTo(Map.of("id", Map.of("in", List.of("1", "2"))));
        assertThat(BracketParams.parse("tag=a&tag=b&tag=c", 100)).isEqualTo(Map.of("tag", List.of("a", "b", "c")));
    }

    @Test
    void keysWithoutBracketsAndEmptyValuesAreKept() {
        assertThat(BracketParams.parse("a&b=&c=3", 100)).isEqualTo(Map.of("a", "", "b", "", "c", "3"));
        assertThat(BracketParams.parse("", 100)).isEmpty();
        assertThat(BracketParams.parse("[x]=1", 100)).isEqualTo(Map.of("[x]", "1"));
    }

    @Test
    void rejectsMalformedConflictingDeepAndTooManyParameters() {
        assertThatThrownBy(() -> BracketParams.parse("a=%zz", 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("percent-encoding");
        assertThatThrownBy(() -> BracketParams.parse("a=1&a[b]=2", 100)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BracketParams.parse("a[b]c]=1", 100)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> BracketParams.parse("a[b][c][d][e]=1", 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("deeply");
        assertThatThrownBy(() -> BracketParams.parse("a=1&b=2&c=3", 2)).isInstanceOf(ApiException.class)
                .hasMessageContaining("Too many");
    }
}
