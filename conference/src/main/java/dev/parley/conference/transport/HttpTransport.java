package dev.parley.conference.transport;

import dev.parley.conference.core.JanusCore;
import dev.parley.conference.core.PollOutcome;
import dev.parley.conference.janus.JanusCodec;
import dev.parley.conference.janus.JanusError;
import dev.parley.conference.janus.JanusException;
import dev.parley.conference.janus.JanusMessage;
import dev.parley.conference.janus.JanusRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Janus HTTP transport (docs/protocol.md §4.1, Janus's {@code janus_http.c}): {@code POST /janus} creates a
 * session, {@code POST /janus/{session}} and {@code POST /janus/{session}/{handle}} carry requests with the ids in the
 * URL, and {@code GET /janus/{session}?maxev=&token=} is the long poll: up to {@code maxev} events (an array when
 * {@code maxev} is above 1, one object otherwise, as Janus does), or a keepalive after the long-poll wait. Errors of
 * Janus requests are Janus error JSON with status 200, as clients expect; a long poll for an unknown session is 404 and
 * one with a bad token 403, as in Janus. Past {@value #MAX_IN_FLIGHT} requests waiting for answers at once, the next
 * gets 503 (error 490).
 *
 * <p>Threading: handlers run on the request's event loop; answers come from the core's executor and are handed back
 * to that loop.
 */
final class HttpTransport {

    /** HTTP requests (long polls aside) waiting for answers at once; more get 503, so that no queue grows unbounded. */
    static final int MAX_IN_FLIGHT = 1024;

    private final JanusCore core;
    private final int maxMessageSize;
    private final int maxPollEvents;
    private final AtomicInteger inFlight = new AtomicInteger();

    HttpTransport(JanusCore core, int maxMessageSize, int maxPollEvents) {
        this.core = core;
        this.maxMessageSize = maxMessageSize;
        this.maxPollEvents = maxPollEvents;
    }

    void mount(Router router, String path) {
        router.get(path + "/info").handler(ctx -> request(ctx, "{\"janus\":\"info\",\"transaction\":\"info\"}", 0, 0));
        router.post(path).handler(ctx -> post(ctx, null, null));
        router.post(path + "/:session").handler(ctx -> post(ctx, ctx.pathParam("session"), null));
        router.post(path + "/:session/:handle").handler(ctx -> post(ctx, ctx.pathParam("session"), ctx.pathParam("handle")));
        router.get(path + "/:session").handler(ctx -> poll(ctx, ctx.pathParam("session")));
        router.get(path + "/:session/:handle").handler(ctx -> poll(ctx, ctx.pathParam("session")));
    }

    private void post(RoutingContext ctx, String sessionText, String handleText) {
        long session = sessionText == null ? 0 : id(sessionText);
        long handle = handleText == null ? 0 : id(handleText);
        if (session < 0 || handle < 0) {
            respond(ctx, 200, JanusCodec.encode(new JanusMessage.Error(null, 0, JanusError.INVALID_REQUEST_PATH.code(),
                    "Invalid path " + ctx.request().path())));
            return;
        }
        BoundedBody.read(ctx, maxMessageSize, text -> request(ctx, text, session, handle),
                () -> respond(ctx, 200, JanusCodec.encode(new JanusMessage.Error(null, 0, JanusError.INVALID_JSON.code(),
                        "Request too large (at most " + maxMessageSize + " bytes)"))));
    }

    private void request(RoutingContext ctx, String text, long session, long handle) {
        JanusRequest request;
        try {
            request = JanusCodec.decode(text, session, handle);
        } catch (JanusException e) {
            respond(ctx, 200, JanusCodec.encode(e.sessionId() == 0 && session > 0 ? e.of(e.transaction(), session).reply()
                    : e.reply()));
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            respond(ctx, 503, JanusCodec.encode(new JanusMessage.Error(request.envelope().transaction(),
                    request.envelope().sessionId(), JanusError.UNKNOWN.code(), "Too busy; try again")));
            return;
        }
        Context loop = Vertx.currentContext();
        core.process(request, core.longPoll(), message -> {
            inFlight.decrementAndGet();
            loop.runOnContext(ignored -> respond(ctx, 200, JanusCodec.encode(message)));
        });
    }

    private void poll(RoutingContext ctx, String sessionText) {
        long session = id(sessionText);
        if (session < 0) {
            respond(ctx, 404, JanusCodec.encode(new JanusMessage.Error(null, 0, JanusError.SESSION_NOT_FOUND.code(),
                    "Invalid session " + sessionText)));
            return;
        }
        String maxev = ctx.request().getParam("maxev");
        int max = maxEvents(maxev);
        boolean array = maxev != null && max > 1;
        Context loop = Vertx.currentContext();
        core.poll(session, ctx.request().getParam("token"), max, outcome -> loop.runOnContext(ignored -> {
            switch (outcome) {
                case PollOutcome.Events events -> respond(ctx, 200, array ? JanusCodec.encodeAll(events.messages())
                        : JanusCodec.encode(events.messages().getFirst()));
                case PollOutcome.Refused refused -> respond(ctx, refused.httpStatus(), JanusCodec.encode(refused.error()));
            }
        }));
    }

    /** Janus's rule: a missing, malformed or non-positive {@code maxev} is 1. */
    private int maxEvents(String maxev) {
        if (maxev == null || maxev.isEmpty() || maxev.length() > 9 || !maxev.chars().allMatch(Character::isDigit)) {
            return 1;
        }
        return Math.max(1, Math.min(maxPollEvents, Integer.parseInt(maxev)));
    }

    /** A positive id from the URL, or -1. */
    private static long id(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long id = Long.parseLong(text);
        return id > 0 ? id : -1;
    }

    private static void respond(RoutingContext ctx, int status, String json) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
