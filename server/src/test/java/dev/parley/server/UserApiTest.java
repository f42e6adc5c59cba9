package dev.parley.server;

import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md section 2.2, over HTTP against the real server. */
class UserApiTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static RestClient rest = new RestClient();
    static Application app;
    static String appToken;
    /** ids of the fixture users, by login. */
    static Map<String, Long> ids = new HashMap<>();

    @BeforeAll
    static void setUp() {
        app = server.app();
        appToken = session(app.id(), app.authKey());
        signUp("anna", Map.of("email", "anna@example.com", "full_name", "Anna Smith", "phone", "+1 555 0100",
                "external_user_id", 501, "tag_list", List.of("red", "blue"), "custom_data", "{\"level\":3}", "timezone", 60));
        signUp("bert", Map.of("full_name", "Bert Smith", "tag_list", "blue", "external_user_id", "502"));
        signUp("carl", Map.of("full_name", "Carl Jones"));
    }

    static String session(long applicationId, String authKey) {
        return (String) rest.postJson(server.http("/session"), Map.of("application_id", applicationId, "auth_key", authKey))
                .object("session").get("token");
    }

    static void signUp(String login, Map<String, Object> fields) {
        Map<String, Object> user = new HashMap<>(fields);
        user.put("login", login);
        user.put("password", "password-" + login);
        Response response = rest.postJson(server.http("/users.json"), Map.of("user", user), "CB-Token", appToken);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        ids.put(login, ((Number) response.object("user").get("id")).longValue());
    }

    static String userToken(String login) {
        Response response = rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey(), "user", Map.of("login", login, "password", "password-" + login)));
        return (String) response.object("session").get("token");
    }

    @Test
    void signUpReturnsEveryDocumentedField() {
        Response response = rest.get(server.http("/users/" + ids.get("anna") + ".json"), "CB-Token", userToken("anna"));
        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> user = response.object("user");
        assertThat(user).containsOnlyKeys("id", "full_name", "email", "login", "phone", "website", "created_at",
                "updated_at", "last_request_at", "external_user_id", "custom_data", "avatar", "user_tags", "timezone",
                "is_guest");
        assertThat(user).containsEntry("login", "anna").containsEntry("email", "anna@example.com")
                .containsEntry("full_name", "Anna Smith").containsEntry("user_tags", "red,blue")
                .containsEntry("custom_data", "{\"level\":3}").containsEntry("timezone", 60)
                .containsEntry("external_user_id", 501).containsEntry("is_guest", false);
    }

    @Test
    void contactDetailsAreHiddenFromOtherUsers() {
        Map<String, Object> seenByBert = rest.get(server.http("/users/" + ids.get("anna")), "CB-Token", userToken("bert"))
                .object("user");
        assertThat(seenByBert.get("email")).isNull();
        assertThat(seenByBert.get("phone")).isNull();
        assertThat(seenByBert.get("full_name")).isEqualTo("Anna Smith");
    }

    @Test
    void signUpWithTheAuthKeyHeaderInsteadOfAToken() {
        Response response = rest.postJson(server.http("/users"),
                Map.of("user", Map.of("login", "keyed", "password", "password-keyed")), "CB-AuthKey", app.authKey());
        assertThat(response.status()).isEqualTo(201);
        Response unknownKey = rest.postJson(server.http("/users"),
                Map.of("user", Map.of("login", "keyed2", "password", "password-keyed")), "CB-AuthKey", "nope");
        assertThat(unknownKey.status()).isEqualTo(401);
        Response nothing = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "keyed3", "password", "x")));
        assertThat(nothing.status()).isEqualTo(401);
        assertThat(nothing.error("base")).isEqualTo("Required session does not exist");
    }

    @Test
    void signUpWithAQuickBloxFormBody() {
        Response response = rest.postForm(server.http("/users.json"),
                "user%5Blogin%5D=formy&user%5Bpassword%5D=password-formy&user%5Btag_list%5D=x%2Cy", "QB-Token", appToken);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.object("user").get("user_tags")).isEqualTo("x,y");
    }

    @Test
    void signUpValidationNamesEveryFieldAtFault() {
        Response response = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "a b", "password", "short",
                "email", "not-an-email", "external_user_id", "abc", "timezone", 99999)), "CB-Token", appToken);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("login", "password", "email", "external_user_id", "timezone");

        Response tooLong = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "longname",
                "password", "password-1", "full_name", "x".repeat(201))), "CB-Token", appToken);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.error("full_name")).contains("too long");

        Response noPassword = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "nopass")),
                "CB-Token", appToken);
        assertThat(noPassword.error("password")).isEqualTo("is required");

        Response noLogin = rest.postJson(server.http("/users"), Map.of("user", Map.of("password", "password-1")),
                "CB-Token", appToken);
        assertThat(noLogin.status()).isEqualTo(422);
        assertThat(noLogin.error("base")).contains("login or email");
    }

    @Test
    void duplicateLoginEmailOrExternalIdIsTaken() {
        Response login = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "ANNA", "password", "password-1")),
                "CB-Token", appToken);
        assertThat(login.status()).isEqualTo(422);
        assertThat(login.error("login")).isEqualTo("has already been taken");
        Response email = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "anna2",
                "email", "anna@example.com", "password", "password-1")), "CB-Token", appToken);
        assertThat(email.error("email")).isEqualTo("has already been taken");
        Response external = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "anna3",
                "external_user_id", 501, "password", "password-1")), "CB-Token", appToken);
        assertThat(external.error("external_user_id")).isEqualTo("has already been taken");
    }

    @Test
    void lookUpsByEveryKey() {
        String token = userToken("carl");
        assertThat(login(rest.get(server.http("/users/by_login.json?login=ANNA"), "CB-Token", token))).isEqualTo("anna");
        assertThat(login(rest.get(server.http("/users/by_email?email=anna%40example.com"), "CB-Token", token))).isEqualTo("anna");
        assertThat(login(rest.get(server.http("/users/phone.json?phone=%2B1%20555%200100"), "CB-Token", token))).isEqualTo("anna");
        assertThat(login(rest.get(server.http("/users/external/502.json"), "CB-Token", token))).isEqualTo("bert");
        Response byName = rest.get(server.http("/users/by_full_name.json?full_name=smith"), "CB-Token", token);
        assertThat(logins(byName)).containsExactly("anna", "bert");
        Response byTags = rest.get(server.http("/users/by_tags.json?tags=blue"), "CB-Token", token);
        assertThat(logins(byTags)).containsExactly("anna", "bert");
    }

    @Test
    void lookUpsOfNothingAre404AndMissingParametersAre422() {
        String token = userToken("carl");
        assertThat(rest.get(server.http("/users/999999"), "CB-Token", token).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/users/abc"), "CB-Token", token).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/users/by_login?login=ghost"), "CB-Token", token).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/users/external/777"), "CB-Token", token).status()).isEqualTo(404);
        Response missing = rest.get(server.http("/users/by_login"), "CB-Token", token);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.error("login")).isEqualTo("is required");
        assertThat(rest.get(server.http("/users/" + ids.get("anna"))).status()).isEqualTo(401);
    }

    @Test
    void listV1FiltersOrdersAndPages() {
        String token = userToken("carl");
        Response page = rest.get(server.http("/users.json?page=2&per_page=1&order=desc%20string%20login"
                + "&filter%5B%5D=string%20login%20in%20anna,bert,carl"), "CB-Token", token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json()).containsEntry("current_page", 2).containsEntry("per_page", 1).containsEntry("total_entries", 3);
        assertThat(logins(page)).containsExactly("bert");

        Response numbers = rest.get(server.http("/users?filter[]=number%20external_user_id%20gt%20501"
                .replace("[", "%5B").replace("]", "%5D")), "CB-Token", token);
        assertThat(logins(numbers)).containsExactly("bert");

        // QuickBlox joins several filters into one comma-separated value.
        Response joined = rest.get(server.http("/users.json?filter%5B%5D=string%20full_name%20eq%20Bert%20Smith"
                + "%2Cnumber%20id%20in%20" + ids.get("anna") + "%2C" + ids.get("bert")), "CB-Token", token);
        assertThat(logins(joined)).containsExactly("bert");
    }

    @Test
    void listV1RejectsBadFiltersAndOversizedPages() {
        String token = userToken("carl");
        assertThat(rest.get(server.http("/users?per_page=101"), "CB-Token", token).error("per_page"))
                .isEqualTo("must be between 1 and 100");
        assertThat(rest.get(server.http("/users?filter%5B%5D=string%20password_hash%20eq%20x"), "CB-Token", token)
                .error("filter")).contains("unknown user field");
        assertThat(rest.get(server.http("/users?filter%5B%5D=number%20id%20like%201"), "CB-Token", token)
                .error("filter")).contains("unknown operator");
        assertThat(rest.get(server.http("/users?filter%5B%5D=number%20id%20eq%20one"), "CB-Token", token)
                .error("filter")).contains("must be a number");
        assertThat(rest.get(server.http("/users?order=sideways"), "CB-Token", token).status()).isEqualTo(422);
    }

    @Test
    void listV2FiltersWithOperatorsAndSorts() {
        String token = userToken("carl");
        Response response = rest.get(server.http("/users/v2.json?id%5Bin%5D%5B%5D=" + ids.get("anna") + "&id%5Bin%5D%5B%5D="
                + ids.get("carl") + "&sort_desc=login&limit=5"), "CB-Token", token);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("limit", 5).containsEntry("skip", 0).containsEntry("total_entries", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) response.json().get("items");
        assertThat(items).extracting(u -> u.get("login")).containsExactly("carl", "anna");

        Response startWith = rest.get(server.http("/users/v2?full_name%5Bstart_with%5D=b"), "CB-Token", token);
        assertThat(items(startWith)).containsExactly("bert");
        Response equal = rest.get(server.http("/users/v2?login=bert"), "CB-Token", token);
        assertThat(items(equal)).containsExactly("bert");
        Response commaIn = rest.get(server.http("/users/v2?login%5Bin%5D=anna,bert&offset=1"), "CB-Token", token);
        assertThat(items(commaIn)).containsExactly("bert");
        Response tags = rest.get(server.http("/users/v2?user_tags%5Bnin%5D=red&login%5Bne%5D=keyed"), "CB-Token", token);
        assertThat(items(tags)).contains("bert", "carl").doesNotContain("anna");

        assertThat(rest.get(server.http("/users/v2?limit=1000"), "CB-Token", token).error("limit")).contains("between 1 and 100");
        assertThat(rest.get(server.http("/users/v2?nickname=x"), "CB-Token", token).error("nickname")).contains("unknown user field");
        assertThat(rest.get(server.http("/users/v2?id%5Bnear%5D=1"), "CB-Token", token).error("id[near]")).contains("unknown operator");
        assertThat(rest.get(server.http("/users/v2?sort_asc=password"), "CB-Token", token).status()).isEqualTo(422);
    }

    @Test
    void loginsThatLookLikeOtherLoginsAreA422() {
        for (String login : List.of("anna\u00a0", "anna\u0085", "anna\u200b", "\u202eanna", "an\u3000na", "anna\ud800")) {
            Response response = rest.sendJsonEscaped("POST", server.http("/users"),
                    Map.of("user", Map.of("login", login, "password", "password-1")), "CB-Token", appToken);
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            // A lone surrogate is refused for every parameter (it cannot be stored); the others by the login rule.
            String message = login.endsWith("\ud800") ? response.error("user[login]") : response.error("login");
            assertThat(message).as(response.body()).isNotNull();
        }
        Response zeroWidth = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "anna\u200b",
                "password", "password-1")), "CB-Token", appToken);
        assertThat(zeroWidth.error("login"))
                .isEqualTo("must not contain spaces or invisible, control or bidirectional characters: U+200B ZERO WIDTH SPACE");
        String anna = userToken("anna");
        Response update = rest.putJson(server.http("/users/" + ids.get("anna")), Map.of("user", Map.of("login", "anna\u00a0")),
                "CB-Token", anna);
        assertThat(update.status()).isEqualTo(422);
        assertThat(update.error("login")).contains("U+00A0 NO-BREAK SPACE");
    }

    @Test
    void aLoginSignedUpDecomposedLogsInComposedAndTheOtherWayRound() {
        Response decomposed = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "zoe\u0308",
                "password", "password-zoe")), "CB-Token", appToken);
        assertThat(decomposed.status()).as(decomposed.body()).isEqualTo(201);
        assertThat(decomposed.object("user").get("login")).isEqualTo("zo\u00eb");
        Response composed = rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey(), "user", Map.of("login", "ZO\u00cb", "password", "password-zoe")));
        assertThat(composed.status()).as(composed.body()).isEqualTo(201);
        Response taken = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "zo\u00eb",
                "password", "password-zoe")), "CB-Token", appToken);
        assertThat(taken.error("login")).isEqualTo("has already been taken");

        String token = userToken("carl");
        assertThat(login(rest.get(server.http("/users/by_login?login=zoe%CC%88"), "CB-Token", token))).isEqualTo("zo\u00eb");
        assertThat(items(rest.get(server.http("/users/v2?login=zoe%CC%88"), "CB-Token", token))).containsExactly("zo\u00eb");
    }

    @Test
    void anEmailThatLowerCasesPastItsColumnIsA422() {
        String email = "\u0130" + "x".repeat(242) + "@example.com";
        Response response = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "longmail", "email", email,
                "password", "password-1")), "CB-Token", appToken);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.error("email")).isEqualTo("is too long (at most 255 characters)");
    }

    @Test
    void updateSelfChangesOnlyGivenFieldsAndClearsNulls() {
        signUp("dora", Map.of("full_name", "Dora", "website", "https://dora.example"));
        String token = userToken("dora");
        Map<String, Object> user = new HashMap<>();
        user.put("full_name", "Dora Explorer");
        user.put("website", null);
        user.put("tag_list", List.of("maps"));
        Response response = rest.putJson(server.http("/users/" + ids.get("dora") + ".json"), Map.of("user", user),
                "CB-Token", token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.object("user")).containsEntry("full_name", "Dora Explorer").containsEntry("website", null)
                .containsEntry("user_tags", "maps").containsEntry("login", "dora");
    }

    @Test
    void passwordChangeNeedsTheOldPassword() {
        signUp("ella", Map.of());
        String token = userToken("ella");
        String path = "/users/" + ids.get("ella");
        Response missing = rest.putJson(server.http(path), Map.of("user", Map.of("password", "brand-new-1")), "CB-Token", token);
        assertThat(missing.error("old_password")).contains("required");
        Response wrong = rest.putJson(server.http(path), Map.of("user", Map.of("password", "brand-new-1",
                "old_password", "guess-guess")), "CB-Token", token);
        assertThat(wrong.error("old_password")).isEqualTo("is incorrect");
        Response ok = rest.putJson(server.http(path), Map.of("user", Map.of("password", "brand-new-1",
                "old_password", "password-ella")), "CB-Token", token);
        assertThat(ok.status()).isEqualTo(200);
        Response login = rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key", app.authKey(),
                "user", Map.of("login", "ella", "password", "brand-new-1")));
        assertThat(login.status()).isEqualTo(201);
    }

    @Test
    void updatingOrDeletingSomeoneElseIsForbidden() {
        String token = userToken("bert");
        String annaPath = "/users/" + ids.get("anna");
        Response update = rest.putJson(server.http(annaPath), Map.of("user", Map.of("full_name", "Hacked")), "CB-Token", token);
        assertThat(update.status()).isEqualTo(403);
        assertThat(rest.delete(server.http(annaPath), "CB-Token", token).status()).isEqualTo(403);
        assertThat(rest.delete(server.http("/users/999999"), "CB-Token", token).status()).isEqualTo(404);
        Response taken = rest.putJson(server.http("/users/" + ids.get("bert")), Map.of("user", Map.of("login", "anna")),
                "CB-Token", token);
        assertThat(taken.error("login")).isEqualTo("has already been taken");
    }

    @Test
    void deleteSelfRemovesTheUserAndItsSessions() {
        signUp("fred", Map.of());
        String token = userToken("fred");
        Response deleted = rest.delete(server.http("/users/" + ids.get("fred") + ".json"), "CB-Token", token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(rest.get(server.http("/session"), "CB-Token", token).status()).isEqualTo(401);
        assertThat(rest.get(server.http("/users/" + ids.get("fred")), "CB-Token", appToken).status()).isEqualTo(404);
    }

    @Test
    void usersOfAnotherApplicationAreInvisible() {
        Application other = server.server().applications().create("Other");
        String otherToken = session(other.id(), other.authKey());
        assertThat(rest.get(server.http("/users/" + ids.get("anna")), "CB-Token", otherToken).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/users/by_login?login=anna"), "CB-Token", otherToken).status()).isEqualTo(404);
        assertThat(rest.get(server.http("/users.json"), "CB-Token", otherToken).json()).containsEntry("total_entries", 0);
        Response crossLogin = rest.postJson(server.http("/session"), Map.of("application_id", other.id(), "auth_key",
                other.authKey(), "user", Map.of("login", "anna", "password", "password-anna")));
        assertThat(crossLogin.status()).isEqualTo(401);
        // The same login may exist in both applications.
        Response sameLogin = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "anna", "password",
                "password-other")), "CB-Token", otherToken);
        assertThat(sameLogin.status()).isEqualTo(201);
        assertThat(((Number) sameLogin.object("user").get("id")).longValue()).isNotEqualTo(ids.get("anna"));
    }

    private static String login(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return (String) response.object("user").get("login");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> logins(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return ((List<Map<String, Map<String, Object>>>) response.json().get("items")).stream()
                .map(item -> item.get("user").get("login")).map(Object.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return ((List<Map<String, Object>>) response.json().get("items")).stream().map(u -> u.get("login")).toList();
    }
}
