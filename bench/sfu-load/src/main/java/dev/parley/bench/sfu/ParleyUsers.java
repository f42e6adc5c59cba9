package dev.parley.bench.sfu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Parley's Janus sessions need a user's REST token; a user may hold 10 sessions, so participants share users, 8 to a
 * user. Users are made over the REST API (ConnectyCube's sign-up and session calls) as the app's clients do.
 */
final class ParleyUsers {

    private static final int SESSIONS_PER_USER = 8;

    private final HttpClient http;
    private final URI base;
    private final String appId;
    private final String authKey;
    private final List<String> tokens = new ArrayList<>();
    private int handedOut;

    ParleyUsers(HttpClient http, URI base, String appId, String authKey) {
        this.http = http;
        this.base = base;
        this.appId = appId;
        this.authKey = authKey;
    }

    /** A token for the next participant. */
    synchronized String next() throws IOException {
        int user = handedOut++ / SESSIONS_PER_USER;
        while (tokens.size() <= user) {
            tokens.add(create("load" + tokens.size() + "x" + Long.toHexString(System.nanoTime())));
        }
        return tokens.get(user);
    }

    private String create(String login) throws IOException {
        String password = "pw-" + login;
        String appToken = post("/session", app(), null).path("session").path("token").asText();
        ObjectNode user = JanusClient.JSON.createObjectNode();
        user.putObject("user").put("login", login).put("password", password);
        post("/users", user, appToken);
        ObjectNode login1 = app();
        login1.putObject("user").put("login", login).put("password", password);
        return post("/session", login1, null).path("session").path("token").asText();
    }

    private ObjectNode app() {
        return JanusClient.JSON.createObjectNode().put("application_id", appId).put("auth_key", authKey);
    }

    /** A POST, tried again twice if it fails (a kept-alive connection the server closed), and while rate-limited. */
    private JsonNode post(String route, ObjectNode body, String token) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return postOnce(route, body, token);
            } catch (RateLimited e) {
                if (attempt == 60) {
                    throw e;
                }
                sleep();
            } catch (IOException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private static final class RateLimited extends IOException {
        RateLimited(String route) {
            super("POST " + route + ": 429 too many requests");
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private JsonNode postOnce(String route, ObjectNode body, String token) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(route)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("CB-Token", token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {   // Parley's login rate limit: wait as it says (~1 s), bounded
                throw new RateLimited(route);
            }
            if (response.statusCode() / 100 != 2) {
                throw new IOException("POST " + route + ": " + response.statusCode() + " " + response.body());
            }
            return JanusClient.JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
