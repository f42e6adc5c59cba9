package dev.parley.server;

import dev.parley.common.json.Json;
import dev.parley.storage.model.Application;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The web root: the demo app at {@code /} and the browser SDK at {@code /sdk/}, built by the sdk-js
 * module into the {@code webroot/} folder of its jar (or read from a directory, for working on the
 * demo). {@code /app-config.json} tells the demo which application it signs users into: the default
 * application's id and auth key — client credentials that every app ships, never the auth secret — and
 * the HTTPS port ({@code -1} when HTTPS is off), so that a page loaded over plain HTTP from another
 * machine, where browsers keep the camera and microphone off, can link to its secure twin.
 *
 * <p>Mounted after the REST routes, so a REST path is never shadowed by a file.
 */
final class WebRoot {
    static final String CONFIG_PATH = "/app-config.json";

    private WebRoot() {
    }

    /**
     * @param directory a directory to serve instead of the bundled web root, or blank for the bundled one
     * @param httpsPort the port the HTTPS listener is bound to, or -1 when there is none; asked at each
     *     request, as the listeners start after the routes are mounted
     */
    static void mount(Router router, String directory, Application application, IntSupplier httpsPort) {
        router.route(HttpMethod.GET, CONFIG_PATH).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(Json.write(Map.of("appId", application.id(), "authKey", application.authKey(),
                        "httpsPort", httpsPort.getAsInt()))));
        StaticHandler files = directory.isBlank()
                ? StaticHandler.create("webroot")
                : StaticHandler.create(FileSystemAccess.ROOT, directory);
        files.setIndexPage("index.html").setDefaultContentEncoding("UTF-8").setCachingEnabled(false);
        router.route(HttpMethod.GET, "/*").handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        }).handler(files);
    }
}
