package dev.parley.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parley's REST API for a calling app (docs/protocol.md §2): sessions, log in and out, sign up, users.
 * Thread-safe; the session token of the last login is sent with every request ({@code CB-Token}).
 *
 * <pre>{@code
 * ParleyClient client = new ParleyClient(settings);
 * ParleyUser me = client.login("alice", "correct-horse-1");
 * }</pre>
 */
public final class ParleyClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final ParleySettings settings;
    private final HttpClient http;
    private volatile String token;
    private volatile ParleyUser currentUser;

    public ParleyClient(ParleySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        if (settings.sslContext() != null) builder.sslContext(settings.sslContext());
        this.http = builder.build();
    }

    /**
     * A client on a session made elsewhere (another client's {@link #token()}), without a request: its calls carry
     * {@code sessionToken}; {@link #currentUser()} stays null until a login.
     */
    public ParleyClient(ParleySettings settings, String sessionToken) {
        this(settings);
        require(sessionToken, "sessionToken");
        this.token = sessionToken;
    }

    public ParleySettings settings() {
        return settings;
    }

    /** The session token in use, or null before a session was created. */
    public String token() {
        return token;
    }

    /** The logged-in user, or null. */
    public ParleyUser currentUser() {
        return currentUser;
    }

    /** Creates an application session (no user): enough to sign up and look users up. */
    public String createSession() {
        JsonNode session = request("POST", "/session", credentials(null)).path("session");
        token = session.path("token").asText();
        currentUser = null;
        return token;
    }

    /** Logs in with login and password; the new user session's token is used from now on. */
    public ParleyUser login(String login, String password) {
        require(login, "login");
        require(password, "password");
        JsonNode session = request("POST", "/session", credentials(Map.of("login", login, "password", password)))
                .path("session");
        token = session.path("token").asText();
        currentUser = user(session.path("user"));
        return currentUser;
    }

    /** Uses a session token kept from an earlier login, checking it with {@code GET /session}. */
    public ParleyUser resume(String sessionToken) {
        require(sessionToken, "sessionToken");
        token = sessionToken;
        JsonNode session = request("GET", "/session", null).path("session");
        long userId = session.path("user_id").asLong(0);
        if (userId == 0) throw new ParleyException("that token is an application session, not a user's");
        currentUser = getUser(userId);
        return currentUser;
    }

    /** Ends the session on the server (the token stops working) and forgets it. */
    public void logout() {
        if (token == null) return;
        try {
            request("DELETE", "/session", null);
        } finally {
            token = null;
            currentUser = null;
        }
    }

    /** Creates a user; works with an application session, or none (the auth key is sent instead). */
    public ParleyUser signUp(String login, String password, String fullName) {
        require(login, "login");
        require(password, "password");
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("login", login);
        user.put("password", password);
        if (fullName != null) user.put("full_name", fullName);
        return user(request("POST", "/users", Map.of("user", user)).path("user"));
    }

    public ParleyUser getUser(long id) {
        return user(request("GET", "/users/" + id, null).path("user"));
    }

    public ParleyUser getUserByLogin(String login) {
        require(login, "login");
        return user(request("GET", "/users/by_login?login=" + URLEncoder.encode(login, StandardCharsets.UTF_8), null)
                .path("user"));
    }

    /** Users with a live chat connection now, by id, at most {@code limit} (1..100). */
    public List<ParleyUser> onlineUsers(int limit) {
        if (limit < 1 || limit > 100) throw new IllegalArgumentException("limit must be 1..100");
        List<ParleyUser> users = new ArrayList<>();
        for (JsonNode item : request("GET", "/users/online?limit=" + limit, null).path("users")) users.add(user(item));
        return users;
    }

    /**
     * Whether the user has a live chat connection now. Pages through {@code GET /users/online} (ids come in
     * ascending order, so it stops at the first page past {@code userId}).
     */
    public boolean isOnline(long userId) {
        for (int offset = 0; ; offset += 100) {
            JsonNode users = request("GET", "/users/online?limit=100&offset=" + offset, null).path("users");
            for (JsonNode user : users) {
                long id = user.path("id").asLong();
                if (id == userId) return true;
                if (id > userId) return false;
            }
            if (users.size() < 100) return false;
        }
    }

    /**
     * Tells {@code recipientId} over HTTP that this user rejects call {@code sessionId}
     * ({@code POST /calls/reject}): for a call received by push, before chat is connected.
     */
    public void rejectCall(String sessionId, long recipientId, Map<String, String> userInfo) {
        require(sessionId, "sessionId");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionID", sessionId);
        body.put("recipientId", recipientId);
        body.put("platform", "java");
        if (userInfo != null && !userInfo.isEmpty()) body.put("userInfo", userInfo);
        request("POST", "/calls/reject", body);
    }

    private Map<String, Object> credentials(Map<String, String> user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application_id", settings.applicationId());
        body.put("auth_key", settings.authKey());
        if (user != null) body.put("user", user);
        return body;
    }

    /**
     * One REST call with this client's session: {@code body} is written as JSON (null for none); answers the JSON, or
     * throws {@link ParleyException} with the server's errors. For the SDK's other REST clients (meetings).
     */
    public JsonNode request(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.apiUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("CB-SDK", "Parley-Java");
        String current = token;
        boolean creatingSession = method.equals("POST") && path.equals("/session");
        if (current != null && !creatingSession) {
            request.header("CB-Token", current);
        } else if (current == null && method.equals("POST") && path.equals("/users")) {
            request.header("CB-AuthKey", settings.authKey());
        }
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new ParleyException(method + " " + path + ": the server could not be reached (" + why + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException(method + " " + path + ": interrupted", e);
        }
        return answer(method, path, response);
    }

    private static JsonNode answer(String method, String path, HttpResponse<byte[]> response) {
        byte[] bytes = response.body();
        int status = response.statusCode();
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new ParleyException(method + " " + path + ": answer too large", status, Map.of(), null);
        }
        JsonNode json;
        try {
            json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ParleyException(method + " " + path + ": answer is not JSON (HTTP " + status + ")", status, Map.of(), e);
        }
        if (status >= 200 && status < 300) return json;
        Map<String, List<String>> errors = errors(json.path("errors"));
        String first = errors.entrySet().stream()
                .map(e -> e.getKey().equals("base") ? String.join(", ", e.getValue()) : e.getKey() + " " + String.join(", ", e.getValue()))
                .findFirst().orElse(method + " " + path + " failed with HTTP " + status);
        throw new ParleyException(first, status, errors, null);
    }

    private static Map<String, List<String>> errors(JsonNode node) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                List<String> messages = new ArrayList<>();
                if (field.getValue().isArray()) field.getValue().forEach(m -> messages.add(m.asText()));
                else messages.add(field.getValue().asText());
                errors.put(field.getKey(), messages);
            });
        } else if (node.isArray()) {
            List<String> messages = JSON.convertValue(node, new TypeReference<List<String>>() { });
            errors.put("base", messages);
        }
        return errors;
    }

    private static ParleyUser user(JsonNode node) {
        if (!node.hasNonNull("id")) throw new ParleyException("the server's answer has no user");
        return new ParleyUser(node.path("id").asLong(), text(node, "login"), text(node, "full_name"), text(node, "email"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + " is required");
    }
}
