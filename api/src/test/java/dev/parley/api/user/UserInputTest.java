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

    @Test
    void loginsAndEmailsAreNormalisedToNfcAndRefuseLookAlikeCharacters() {
        UserInput.Result composed = input.read(Params.of(Map.of("login", "zoe\u0308", "email", "zoe\u0308@example.com",
                "full_name", "Zoe\u0308 Smith", "tag_list", "cafe\u0301", "password", "password1")), UserInput.emptyProfile());
        assertThat(composed.profile().login()).isEqualTo("zo\u00eb");
        assertThat(composed.profile().email()).isEqualTo("zo\u00eb@example.com");
        assertThat(composed.profile().fullName()).isEqualTo("Zo\u00eb Smith");
        assertThat(composed.profile().userTags()).isEqualTo("caf\u00e9");
        for (String login : List.of("alice\u00a0x", "alice\u0085", "alice\u200b", "\u202ealice", "ali\u3000ce", "alice\ud800")) {
            assertThatThrownBy(() -> input.read(Params.of(Map.of("login", login)), UserInput.emptyProfile()))
                    .as(login).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().get("login"))
                            .singleElement().asString().startsWith("must not contain spaces or invisible"));
        }
        assertThatThrownBy(() -> input.read(Params.of(Map.of("email", "al\u200bice@example.com")), UserInput.emptyProfile()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsOnlyKeys("email"));
    }

    @Test
    void displayFieldsRefuseControlAndBidiCharactersAnywhereInUnicode() {
        Map<String, Object> user = new HashMap<>();
        user.put("full_name", "Eve \u202egnp.exe");
        user.put("website", "https://x.example/\u0085");
        user.put("avatar", "a\u2066b");
        user.put("tag_list", List.of("ok", "b\u200fad"));
        assertThatThrownBy(() -> input.read(Params.of(user), UserInput.emptyProfile()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors()).containsOnlyKeys("full_name", "website", "avatar", "tag_list");
                    assertThat(e.errors().get("full_name")).singleElement().asString()
                            .isEqualTo("must not contain control or bidirectional characters: U+202E RIGHT-TO-LEFT OVERRIDE");
                });
        assertThat(UserInput.guestFullName(Params.of(Map.of("full_name", " Ann\u00a0Lee ")))).isEqualTo("Ann\u00a0Lee");
        assertThatThrownBy(() -> UserInput.guestFullName(Params.of(Map.of("full_name", "\u202eeve"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsOnlyKeys("full_name"));
    }

    @Test
    void storedLoginsAreNotCheckedAgainWhenOtherFieldsChange() {
        User.Profile legacy = new User.Profile("old\u00a0login", null, null, null, null, null, null, null, null, null);
        UserInput.Result result = input.read(Params.of(Map.of("full_name", "New Name")), legacy);
        assertThat(result.profile().login()).isEqualTo("old\u00a0login");
        assertThat(result.profile().fullName()).isEqualTo("New Name");
    }

    @Test
    void anEmailMustFitItsColumnAlsoWhenLowerCased() {
        // U+0130 lower-cases to two characters (i and a combining dot), so this 255-character email is 256 stored.
        String email = "\u0130" + "x".repeat(EMAIL_LOCAL - 1) + "@example.com";
        assertThat(email).hasSize(UserInput.EMAIL_MAX);
        assertThatThrownBy(() -> input.read(Params.of(Map.of("email", email)), UserInput.emptyProfile()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().get("email"))
                        .containsExactly("is too long (at most 255 characters)"));
        assertThat(input.read(Params.of(Map.of("email", email.substring(1))), UserInput.emptyProfile()).profile().email())
                .hasSize(UserInput.EMAIL_MAX - 1);
    }

    private static final int EMAIL_LOCAL = UserInput.EMAIL_MAX - "@example.com".length();
}
