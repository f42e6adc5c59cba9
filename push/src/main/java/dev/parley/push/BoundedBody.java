package dev.parley.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** Reads a provider's answer into memory up to a limit; a longer one fails and its stream is reset. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static Future<Buffer> read(HttpClientResponse response, int maxBytes) {
        Promise<Buffer> promise = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > maxBytes) {
                promise.tryFail("the answer is larger than " + maxBytes + " bytes");
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(promise::tryFail);
        response.endHandler(v -> promise.tryComplete(body));
        return promise.future();
    }
}
