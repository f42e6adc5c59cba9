package dev.parley.server;

import dev.parley.server.RestClient.Response;
import dev.parley.storage.model.Application;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md section 2.1, over HTTP against the real server. */
class SessionApiTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static RestClient rest = new RestClient();
    static Application app;

    @BeforeAll
    static void setUp() {
        app = server.app();
        String token = appToken();
        signUp(token, "sam", "sam@example.com", "password-1");
        signUp(token, "emma", "emma@example.com", "password-2");
    }

    static String appToken() {
        Response response = rest.postJson(server.http("/session.json"),
                Map.of("application_id", app.id(), "auth_key", app.authKey()));
        assertThat(response.status()).isEqualTo(201);
        return (String) response.object("session").get("token");
    }

    static void signUp(String token, String login, String email, String password) {
        Response response = rest.postJson(server.http("/users.json"),
                Map.of("user", Map.of("login", login, "email", email, "password", password)), "CB-Token", token);
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void appSessionHasTheDocumentedShapeWithAndWithoutJsonSuffix() {
        for (String path : List.of("/session.json", "/session")) {
            Response response = rest.postJson(server.http(path),
                    Map.of("application_id", String.valueOf(app.id()), "auth_key", app.authKey()));
            assertThat(response.status()).isEqualTo(201);
            Map<String, Object> session = response.object("session");
            assertThat(session).containsKeys("id", "user_id", "application_id", "token", "ts", "created_at", "updated_at");
            assertThat(session.get("user_id")).isNull();
            assertThat(((Number) session.get("application_id")).longValue()).isEqualTo(app.id());
            assertThat((String) session.get("token")).hasSizeGreaterThanOrEqualTo(22); // >= 128 bits in base64
            assertThat((String) session.get("created_at")).endsWith("Z");
        }
    }

    @Test
    void wrongOrMissingApplicationCredentialsAreRefused() {
        assertThat(rest.postJson(server.http("/session"), Map.of("application_id", app.id(), "auth_key", "wrong")).status())
                .isEqualTo(401);
        assertThat(rest.postJson(server.http("/session"), Map.of("application_id", 99999, "auth_key", app.authKey()))
                .status()).isEqualTo(401);
        Response missing = rest.postJson(server.http("/session"), Map.of());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.error("application_id")).contains("required");
        Response noKey = rest.postJson(server.http("/session"), Map.of("application_id", app.id()));
        assertThat(noKey.status()).isEqualTo(422);
        assertThat(noKey.error("auth_key")).isNotNull();
        Response notANumber = rest.postJson(server.http("/session"), Map.of("application_id", "seven", "auth_key", "x"));
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.error("application_id")).isEqualTo("must be an integer");
    }

    @Test
    void userSessionWithLoginOrEmailCarriesTheUser() {
        Response byLogin = createUserSession(Map.of("login", "sam", "password", "password-1"));
        assertThat(byLogin.status()).isEqualTo(201);
        Map<String, Object> session = byLogin.object("session");
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) session.get("user");
        assertThat(user.get("login")).isEqualTo("sam");
        assertThat(user.get("email")).as("own email is shown").isEqualTo("sam@example.com");
        assertThat(session.get("user_id")).isEqualTo(user.get("id"));
        assertThat(user).doesNotContainKeys("password", "password_hash");

        Response byEmail = createUserSession(Map.of("email", "EMMA@example.com", "password", "password-2"));
        assertThat(byEmail.status()).isEqualTo(201);
        assertThat(byEmail.object("session").get("user_id")).isNotNull();
    }

    @Test
    void loginTakesPrecedenceOverEmail() {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("email", "emma@example.com");
        user.put("login", "sam");
        user.put("password", "password-1");
        Response response = createUserSession(user);
        assertThat(response.status()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> sessionUser = (Map<String, Object>) response.object("session").get("user");
        assertThat(sessionUser.get("login")).isEqualTo("sam");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Response wrongPassword = createUserSession(Map.of("login", "sam", "password", "password-x"));
        Response unknownUser = createUserSession(Map.of("login", "nobody", "password", "password-1"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
        Response noPassword = createUserSession(Map.of("login", "sam"));
        assertThat(noPassword.status()).isEqualTo(422);
    }

    @Test
    void guestSessionCreatesAGuestUserAndWinsOverCredentials() {
        Response response = createUserSession(Map.of("guest", "1", "full_name", "Visitor", "login", "sam",
                "password", "password-1"));
        assertThat(response.status()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) response.object("session").get("user");
        assertThat(user.get("is_guest")).isEqualTo(true);
        assertThat((String) user.get("login")).startsWith("guest_login_");
        assertThat(user.get("full_name")).isEqualTo("Visitor");
    }

    @Test
    void guestNamesWithBidiControlsOrNulAreA422() {
        Response override = createUserSession(Map.of("guest", "1", "full_name", "Eve \u202egnp.exe"));
        assertThat(override.status()).as(override.body()).isEqualTo(422);
        assertThat(override.error("full_name")).contains("U+202E RIGHT-TO-LEFT OVERRIDE");
        // PostgreSQL cannot store NUL: refused before the database is asked (it was a 503 there).
        Response nul = createUserSession(Map.of("guest", "1", "full_name", "Eve\u0000"));
        assertThat(nul.status()).as(nul.body()).isEqualTo(422);
        assertThat(nul.error("user[full_name]")).contains("NUL");
    }

    @Test
    void staleTokenOnSessionCreationIsIgnored() {
        Response response = rest.postJson(server.http("/session.json"),
                Map.of("application_id", app.id(), "auth_key", app.authKey()), "CB-Token", "stale-token-from-last-week");
        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void getSessionReturnsItAndDeleteDestroysIt() {
        String token = appToken();
        Response got = rest.get(server.http("/session.json"), "CB-Token", token);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.object("session").get("token")).isEqualTo(token);

        Response deleted = rest.delete(server.http("/session.json"), "CB-Token", token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");

        Response after = rest.get(server.http("/session.json"), "QB-Token", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).isEqualTo("{\"errors\":{\"base\":[\"Required session does not exist\"]}}");
    }

    @Test
    void missingTokenIsTheRequiredSessionError() {
        Response response = rest.get(server.http("/session"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.error("base")).isEqualTo("Required session does not exist");
    }

    @Test
    void loginUpgradesAnAppSessionAndLogoutDowngradesIt() {
        String token = appToken();
        Response login = rest.postJson(server.http("/login.json"), Map.of("login", "emma", "password", "password-2"),
                "CB-Token", token);
        assertThat(login.status()).isEqualTo(200);
        Object userId = login.object("user").get("id");
        assertThat(rest.get(server.http("/session"), "CB-Token", token).object("session").get("user_id")).isEqualTo(userId);

        // QuickBlox sends the credentials as a form body.
        Response formLogin = rest.postForm(server.http("/login.json"), "login=sam&password=password-1", "QB-Token", token);
        assertThat(formLogin.status()).isEqualTo(200);
        assertThat(formLogin.object("user").get("login")).isEqualTo("sam");

        Response wrong = rest.postJson(server.http("/login"), Map.of("login", "emma", "password", "nope-nope"),
                "CB-Token", token);
        assertThat(wrong.status()).isEqualTo(401);

        assertThat(rest.delete(server.http("/login.json"), "CB-Token", token).status()).isEqualTo(200);
        Map<String, Object> session = rest.get(server.http("/session"), "CB-Token", token).object("session");
        assertThat(session.get("user_id")).isNull();
        Response update = rest.putJson(server.http("/users/" + userId), Map.of("user", Map.of("full_name", "x")),
                "CB-Token", token);
        assertThat(update.status()).isEqualTo(401);
        assertThat(update.error("base")).contains("user session");
    }

    @Test
    void signedFormSessionWithHmacSha1AsQuickBloxSendsIt() {
        Map<String, String> params = signedParams(String.valueOf(System.currentTimeMillis() / 1000), "HmacSHA1");
        Response response = rest.postForm(server.http("/session.json"), formEncode(params), "QB-Token", "leftover");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.object("session").get("user_id")).isNotNull();
        assertThat(response.object("session").get("nonce")).isEqualTo(params.get("nonce"));
        assertThat(String.valueOf(response.object("session").get("ts"))).isEqualTo(params.get("timestamp"));
    }

    @Test
    void signedJsonSessionWithHmacSha256() {
        Map<String, String> params = signedParams(String.valueOf(System.currentTimeMillis() / 1000), "HmacSHA256");
        Map<String, Object> body = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!k.startsWith("user[")) {
                body.put(k, v);
            }
        });
        body.put("user", Map.of("login", "sam", "password", "password-1"));
        Response response = rest.postJson(server.http("/session"), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void signedSessionIsRefusedWhenTamperedStaleOrReplayed() {
        Map<String, String> tampered = signedParams(String.valueOf(System.currentTimeMillis() / 1000), "HmacSHA1");
        tampered.put("user[login]", "emma");
        Response bad = rest.postForm(server.http("/session"), formEncode(tampered));
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.error("base")).isEqualTo("Unexpected signature");

        Map<String, String> stale = signedParams(String.valueOf(System.currentTimeMillis() / 1000 - 3600), "HmacSHA1");
        Response old = rest.postForm(server.http("/session"), formEncode(stale));
        assertThat(old.status()).isEqualTo(422);
        assertThat(old.error("timestamp")).contains("away from the server clock");

        Map<String, String> once = signedParams(String.valueOf(System.currentTimeMillis() / 1000), "HmacSHA1");
        assertThat(rest.postForm(server.http("/session"), formEncode(once)).status()).isEqualTo(201);
        Response replay = rest.postForm(server.http("/session"), formEncode(once));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.error("base")).contains("already been used");
    }

    @Test
    void socialLoginIsExplicitlyUnsupported() {
        Response response = rest.postJson(server.http("/session"),
                Map.of("application_id", app.id(), "auth_key", app.authKey(), "provider", "facebook"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.error("provider")).contains("not supported");
    }

    private static Response createUserSession(Map<String, Object> user) {
        return rest.postJson(server.http("/session.json"),
                Map.of("application_id", app.id(), "auth_key", app.authKey(), "user", user));
    }

    /** The parameters and signature exactly as the QuickBlox JS SDK builds them (qbAuth.js). */
    private static Map<String, String> signedParams(String timestamp, String algorithm) {
        Map<String, String> params = new TreeMap<>();
        params.put("application_id", String.valueOf(app.id()));
        params.put("auth_key", app.authKey());
        params.put("nonce", String.valueOf((int) (Math.random() * 10000)));
        params.put("timestamp", timestamp);
        params.put("user[login]", "sam");
        params.put("user[password]", "password-1");
        String text = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining("&"));
        params.put("signature", hmac(algorithm, app.authSecret(), text));
        return params;
    }

    private static String hmac(String algorithm, String key, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
