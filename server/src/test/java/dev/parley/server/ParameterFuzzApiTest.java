package dev.parley.server;

import dev.parley.api.user.ListParameters;
import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No parameter makes the server fail: random and adversarial values ({@link ListParameters}) for every list
 * parameter of {@code GET /users} and {@code GET /users/v2}, sent by a guest as an attacker would, and the
 * edge values for the look-ups, sessions and sign-up, all answer 2xx or a 4xx with {@code errors}, never a
 * 5xx. Runs on H2 and, as every {@code *ApiTest}, on PostgreSQL, which refuses more than H2 does (NUL in text,
 * timestamps past 294276 AD).
 */
class ParameterFuzzApiTest {

    private static final int RANDOM_QUERIES = 300;
    /** A field of each type with an operator that suits it, so that edge values get past the parser. */
    private static final List<List<String>> CONDITIONS = List.of(List.of("created_at", "gt"),
            List.of("last_request_at", "between"), List.of("id", "lt"), List.of("external_user_id", "in"),
            List.of("login", "eq"), List.of("full_name", "start_with"), List.of("website", "contains"),
            List.of("email", "in"), List.of("user_tags", "nin"), List.of("is_guest", "ne"));

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static RestClient rest = new RestClient();
    static Application app;
    static String guestToken;
    static final long SEED = ListParameters.seed();

    @BeforeAll
    static void setUp() {
        app = server.app();
        String appToken = (String) rest.postJson(server.http("/session"), Map.of("application_id", app.id(),
                "auth_key", app.authKey())).object("session").get("token");
        for (String login : List.of("anna", "bert", "carl")) {
            Response created = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", login,
                    "password", "password-" + login, "full_name", login + " Smith", "tag_list", "red")), "CB-Token", appToken);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        Response guest = rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey(), "user", Map.of("guest", "1", "full_name", "Visitor")));
        guestToken = (String) guest.object("session").get("token");
    }

    @Test
    void outOfRangeDatesAreA422NamingTheParameter() {
        assertRejected("/users/v2?created_at%5Bgt%5D=99999999999999999", "created_at[gt]");
        assertRejected("/users/v2?updated_at%5Bbetween%5D=0,99999999999999999", "updated_at[between]");
        assertRejected("/users?filter%5B%5D=" + encode("date created_at gt 99999999999999999"), "filter");
        assertRejected("/users?filter%5B%5D=" + encode("date created_at lt +1000000000-01-01T00:00:00Z"), "filter");
        assertRejected("/users/v2?last_request_at%5Blt%5D=" + encode("+10000-01-01T00:00:00Z"), "last_request_at[lt]");
        Response lastDate = get("/users/v2?created_at%5Blte%5D=" + encode("9999-12-31T23:59:59.999999999Z"));
        assertThat(lastDate.status()).as(lastDate.body()).isEqualTo(200);
        assertThat(lastDate.json().get("total_entries")).isEqualTo(4);
    }

    @Test
    void everyEdgeValueInEveryListSyntaxAnswersWithoutAServerError() {
        for (String value : ListParameters.EDGE_VALUES) {
            for (List<String> condition : CONDITIONS) {
                assertNoServerError("/users?" + ListParameters.v1Condition(condition.get(0), condition.get(1), value));
                assertNoServerError("/users/v2?" + ListParameters.v2Condition(condition.get(0), condition.get(1), value));
            }
        }
    }

    @Test
    void randomListQueriesAnswerWithoutAServerError() {
        ListParameters random = new ListParameters(SEED);
        for (int i = 0; i < RANDOM_QUERIES; i++) {
            assertNoServerError("/users?" + random.v1Query());
            assertNoServerError("/users/v2?" + random.v2Query());
            assertNoServerError("/users/by_full_name?full_name=" + encode(random.value()) + "&" + random.v1Query());
        }
    }

    @Test
    void edgeValuesInLookUpsSessionsAndSignUpAnswerWithoutAServerError() {
        for (String value : ListParameters.EDGE_VALUES) {
            String v = encode(value);
            for (String path : List.of("/users/by_login?login=" + v, "/users/by_email?email=" + v, "/users/phone?phone=" + v,
                    "/users/by_tags?tags=" + v, "/users/online?limit=" + v + "&offset=" + v, "/users/external/" + v,
                    "/users/" + v)) {
                assertNoServerError(path);
            }
            check("POST /session as a guest named " + value, rest.sendJsonEscaped("POST", server.http("/session"),
                    Map.of("application_id", app.id(), "auth_key", app.authKey(), "nonce", value, "timestamp", value,
                            "user", Map.of("guest", "1", "full_name", value))));
            check("POST /session as " + value, rest.sendJsonEscaped("POST", server.http("/session"),
                    Map.of("application_id", app.id(), "auth_key", app.authKey(),
                            "user", Map.of("login", value, "password", value))));
            Map<String, Object> user = new HashMap<>();
            for (String field : List.of("email", "full_name", "phone", "website", "avatar", "custom_data",
                    "external_user_id", "timezone", "tag_list")) {
                user.put(field, value);
            }
            user.put("login", value);
            user.put("password", "password-long-enough");
            check("POST /users with " + value, rest.sendJsonEscaped("POST", server.http("/users"), Map.of("user", user),
                    "CB-AuthKey", app.authKey()));
            user.put("login", "fuzz" + Integer.toHexString(value.hashCode()));
            check("POST /users with a valid login and " + value, rest.sendJsonEscaped("POST", server.http("/users"),
                    Map.of("user", user), "CB-AuthKey", app.authKey()));
        }
    }

    private void assertRejected(String pathAndQuery, String field) {
        Response response = get(pathAndQuery);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.error(field)).as(response.body()).contains("years 0001 to 9999");
    }

    private void assertNoServerError(String pathAndQuery) {
        check("GET " + pathAndQuery, get(pathAndQuery));
    }

    private static Response get(String pathAndQuery) {
        return rest.get(URI.create(server.http("") + pathAndQuery), "CB-Token", guestToken);
    }

    /** 2xx with a JSON body, or 4xx with a non-empty {@code errors}; anything else fails, naming the seed. */
    private static void check(String what, Response response) {
        String described = "seed " + SEED + ": " + (what.length() <= 400 ? what
                : what.substring(0, 400) + "... (" + what.length() + " characters)") + " -> " + response.body();
        assertThat(response.status()).as(described).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.json().get("errors")).as(described)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).isNotEmpty();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
