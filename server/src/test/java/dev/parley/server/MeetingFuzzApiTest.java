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
 * No parameter makes a meeting route fail (docs/protocol.md section 2.3): the edge values of
 * {@link ListParameters} in every list parameter and operator, in ids, and in every field of create and update
 * bodies, nested ones included, answer 2xx or a 4xx with {@code errors}, never a 5xx. Runs on H2 and, as every
 * {@code *ApiTest}, on PostgreSQL.
 */
class MeetingFuzzApiTest {

    private static final int RANDOM_QUERIES = 200;
    /** A field of each type (seconds, its alias, instant, boolean) and an unknown one. */
    private static final List<String> QUERY_FIELDS = List.of("start_date", "end_at", "created_at", "scheduled", "nope");
    private static final List<String> BODY_FIELDS = List.of("name", "start_date", "end_date", "attendees", "record",
            "public", "scheduled", "notify", "chat", "notify_before", "timezone");

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static final RestClient rest = new RestClient();
    static String token;
    static String meetingId;
    static final long SEED = ListParameters.seed();

    @BeforeAll
    static void setUp() {
        Application app = server.app();
        Response user = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", "fuzzer",
                "email", "fuzzer@example.com", "password", "password-fuzzer")), "CB-AuthKey", app.authKey());
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        token = (String) rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key",
                app.authKey(), "user", Map.of("login", "fuzzer", "password", "password-fuzzer")))
                .object("session").get("token");
        Response meeting = rest.postJson(server.http("/meetings"), Map.of("name", "Target",
                "attendees", List.of(Map.of("email", "someone@example.com"))), "CB-Token", token);
        assertThat(meeting.status()).as(meeting.body()).isEqualTo(201);
        meetingId = (String) meeting.json().get("_id");
    }

    @Test
    void edgeValuesInEveryListParameterAnswerWithoutAServerError() {
        for (String value : ListParameters.EDGE_VALUES) {
            String v = encode(value);
            for (String field : QUERY_FIELDS) {
                for (String form : List.of(field, field + "%5Bgt%5D", field + "%5Bnin%5D%5B%5D")) {
                    assertNoServerError("/meetings?" + form + "=" + v);
                }
            }
            // One value per request: three of the longest would pass the HTTP request line's limit (a 431).
            for (String parameter : List.of("limit", "skip", "start_at%5Blte%5D")) {
                assertNoServerError("/meetings/paged?" + parameter + "=" + v);
            }
            assertNoServerError("/meetings?offset=" + v);
            assertNoServerError("/meetings?_id=" + v);
        }
    }

    @Test
    void randomListQueriesAnswerWithoutAServerError() {
        ListParameters random = new ListParameters(SEED);
        for (int i = 0; i < RANDOM_QUERIES; i++) {
            String field = QUERY_FIELDS.get(i % QUERY_FIELDS.size());
            assertNoServerError("/meetings?" + field + "%5B" + encode(random.value()) + "%5D=" + encode(random.value()));
            assertNoServerError("/meetings/paged?" + random.v2Query());
        }
    }

    @Test
    void edgeValuesInIdsAndBodiesAnswerWithoutAServerError() {
        for (String value : ListParameters.EDGE_VALUES) {
            String v = encode(value).replace("+", "%20");
            check("GET recordings of " + value, rest.get(path("/meetings/recordings/" + v), "CB-Token", token));
            check("PUT " + value, rest.putJson(path("/meetings/" + v), Map.of("name", "x"), "CB-Token", token));
            check("DELETE " + value, rest.delete(path("/meetings/" + v), "CB-Token", token));

            Map<String, Object> flat = new HashMap<>();
            BODY_FIELDS.forEach(field -> flat.put(field, value));
            check("POST every field " + value, rest.sendJsonEscaped("POST", server.http("/meetings"), flat, "CB-Token", token));
            check("PUT every field " + value, rest.sendJsonEscaped("PUT", server.http("/meetings/" + meetingId), flat,
                    "CB-Token", token));

            Map<String, Object> nested = new HashMap<>(Map.of("name", "Nested",
                    "attendees", List.of(Map.of("id", value), Map.of("email", value), Map.of("id", value, "email", value)),
                    "notify_before", Map.of("metric", value, "value", value),
                    "timezone", Map.of("offset", value, "name", value)));
            check("POST nested " + value, rest.sendJsonEscaped("POST", server.http("/meetings"), nested, "CB-Token", token));
            check("PUT nested " + value, rest.sendJsonEscaped("PUT", server.http("/meetings/" + meetingId), nested,
                    "CB-Token", token));
        }
    }

    private static void assertNoServerError(String pathAndQuery) {
        check("GET " + pathAndQuery, rest.get(path(pathAndQuery), "CB-Token", token));
    }

    private static URI path(String pathAndQuery) {
        return URI.create(server.http("") + pathAndQuery);
    }

    /** 2xx with a JSON body, or 4xx with a non-empty {@code errors}; anything else fails, naming the seed. */
    private static void check(String what, Response response) {
        String described = "seed " + SEED + ": " + (what.length() <= 400 ? what
                : what.substring(0, 400) + "... (" + what.length() + " characters)") + " -> " + response.body();
        assertThat(response.status()).as(described).isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.body()).as(described + " (status " + response.status() + ")").startsWith("{");
            assertThat(response.json().get("errors")).as(described)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).isNotEmpty();
        } else {
            assertThat(response.body()).as(described).matches("(?s)[\\[{].*");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
