package dev.parley.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request into {@link Params}: the query string always, merged with the body for POST and PUT. JSON
 * bodies and QuickBlox's form bodies give the same shape (docs/protocol.md section 2, "Requests"). Text a database
 * cannot hold is refused here for every route ({@link ParamText}).
 */
public final class RequestReader {

    /** More parameters than any route needs; a guard against hash-flooding the parser. */
    static final int MAX_PARAMETERS = 500;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private RequestReader() {
    }

    public static Params read(RoutingContext ctx) {
        Map<String, Object> values = new LinkedHashMap<>(BracketParams.parse(ctx.request().query(), MAX_PARAMETERS));
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            values.putAll(body(ctx));
        }
        ParamText.check(values);
        return Params.of(values);
    }

    private static Map<String, Object> body(RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        // Checked before the body: Vert.x decodes multipart into form attributes and leaves the body empty.
        if (type.startsWith("multipart/")) {
            throw ApiException.of(415, "base", "Send JSON or form-urlencoded bodies; multipart is not accepted here");
        }
        String text = ctx.body().asString("UTF-8");
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return BracketParams.parse(text, MAX_PARAMETERS);
        }
        // JSON is the default: the SDKs send it, and so do tools that forget the content type.
        try {
            Map<String, Object> parsed = Json.MAPPER.readValue(text, MAP);
            return parsed == null ? Map.of() : parsed;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(e.getLocation() == null ? "Malformed JSON body; send a JSON object"
                    : "Malformed JSON body at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "; send a JSON object");
        }
    }
}
