package dev.parley.conference.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;

/**
 * Reads a request body up to a limit, whether or not a body handler of the router read it already. A body over the
 * limit is not kept: {@code tooLarge} runs instead, once.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static void read(RoutingContext ctx, int limit, Consumer<String> body, Runnable tooLarge) {
        if (ctx.body().available()) {
            Buffer buffer = ctx.body().buffer();
            if (buffer != null && buffer.length() > limit) {
                tooLarge.run();
            } else {
                body.accept(buffer == null ? "" : buffer.toString());
            }
            return;
        }
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 12
                && Long.parseLong(length) > limit) {
            tooLarge.run();
            return;
        }
        Buffer collected = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (collected.length() + chunk.length() > limit) {
                over[0] = true;
                tooLarge.run();
                return;
            }
            collected.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!over[0]) {
                body.accept(collected.toString());
            }
        });
    }
}
