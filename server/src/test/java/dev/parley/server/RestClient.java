package dev.parley.server;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for driving the REST API in tests, as an SDK would. */
final class RestClient {

    /** A response: status, headers, raw body, and the body parsed as JSON when it is JSON. */
    record Response(int status, HttpHeaders headers, String body) {

        Map<String, Object> json() {
            try {
                return Json.MAPPER.readValue(body, new TypeReference<>() {
                });
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(String key) {
            return (Map<String, Object>) json().get(key);
        }

        /** The first message of {@code errors[field]}. */
        @SuppressWarnings("unchecked")
        String error(String field) {
            Map<String, List<String>> errors = (Map<String, List<String>>) json().get("errors");
            return errors == null || errors.get(field) == null ? null : errors.get(field).getFirst();
        }
    }

    private final HttpClient client;

    RestClient() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    RestClient(HttpClient client) {
        this.client = client;
    }

    Response get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    Response delete(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).DELETE(), headers);
    }

    Response postJson(URI uri, Object body, String... headers) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json;charset=utf-8"), headers);
    }

    Response putJson(URI uri, Object body, String... headers) {
        return send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json;charset=utf-8"), headers);
    }

    /**
     * A JSON body with every non-ASCII character written as a JSON backslash-u escape, so that text with an
     * unpaired surrogate reaches the server as JavaScript's {@code JSON.stringify} sends it, not as {@code ?}.
     */
    Response sendJsonEscaped(String method, URI uri, Object body, String... headers) {
        String json;
        try {
            json = Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json;charset=utf-8"), headers);
    }

    /** A form body exactly as given (already encoded), as the QuickBlox SDK sends it. */
    Response postForm(URI uri, String encoded, String... headers) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(encoded))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"), headers);
    }

    Response send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
