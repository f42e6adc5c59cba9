package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.User;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserInputTest {

    private final UserInput input = new UserInput(8, 128);

    @Test
    void readsEveryWritableFieldWithLenientTypes() {
        Map<String, Object> user = new HashMap<>();
        user.put("login", " bob ");
        user.put("email", "bob@example.com");
        user.put("full_name", "Bob B");
        user.put("phone", "+1 (555) 0100");
        user.put("website", "https://bob.example");
        user.put("external_user_id", "42");
        user.put("custom_data", Map.of("level", 3));
        user.put("avatar", "blob-1");
        user.put("tag_list", List.of("a", "b", "a"));
        user.put("timezone", -300);
        user.put("password", "password1");
        UserInput.Result result = input.read(Params.of(user), UserInput.emptyProfile());
        assertThat(result.profile()).isEqualTo(new User.Profile("bob", "bob@example.com", "Bob B", "+1 (555) 0100",
                "https://bob.example", 42L, "{\"level\":3}", "blob-1", "a,b", -300));
        assertThat(result.password()).contains("password1");
    }

    @Test
    void absentFieldsKeepTheirValueAndNullsClearThem() {
        User.Profile current = new User.Profile("bob", "b@example.com", "Bob", null, "https://x.example", 1L, null, null,
                "t", 0);
        Map<String, Object> user = new HashMap<>();
        user.put("website", null);
        user.put("user_tags", "");
        UserInput.Result result = input.read(Params.of(user), current);
        assertThat(result.profile()).isEqualTo(new User.Profile("bob", "b@example.com", "Bob", null, null, 1L, null, null,
                null, 0));
        assertThat(result.password()).isEmpty();
    }

    @Test
    void enforcesLengthsFormatsAndRanges() {
        Map<String, Object> user = new HashMap<>();
        user.put("login", "ab");
        user.put("email", "a@b");
        user.put("phone", "call me");
        user.put("full_name", "x\u0007");
        user.put("custom_data", "y".repeat(UserInput.CUSTOM_DATA_MAX + 1));
        user.put("tag_list", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"));
        user.put("timezone", "east");
        user.put("password", "p".repeat(129));
        assertThatThrownBy(() -> input.read(Params.of(user), UserInput.emptyProfile()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsOnlyKeys("login", "email",
                        "phone", "full_name", "custom_data", "tag_list", "timezone", "password"));
    }
}
