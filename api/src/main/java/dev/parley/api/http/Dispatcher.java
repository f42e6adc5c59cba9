package dev.parley.api.http;

import dev.parley.api.session.Auth;
import dev.parley.api.session.SessionService;
import dev.parley.storage.StorageException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Runs endpoints off the event loop. The request is read on the loop, the endpoint (database, password
 * hashing) runs on the worker executor, and the answer is written back on the request's own context. At most
 * {@code maxInFlight} endpoints run at once; beyond that requests get 503 at once instead of queueing.
 */
public final class Dispatcher {

    /** An endpoint that needs no session. */
    @FunctionalInterface
    public interface Open {
        Object handle(Request request);
    }

    /** An endpoint that runs for a live session. */
    @FunctionalInterface
    public interface Authed {
        Object handle(Request request, Auth auth);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Executor workers;
    private final Semaphore inFlight;
    private final SessionService sessions;
    private final boolean trustForwardedFor;

    public Dispatcher(Executor workers, int maxInFlight, SessionService sessions, boolean trustForwardedFor) {
        this.workers = workers;
        this.inFlight = new Semaphore(maxInFlight);
        this.sessions = sessions;
        this.trustForwardedFor = trustForwardedFor;
    }

    public Handler<RoutingContext> open(int status, Open endpoint) {
        return ctx -> dispatch(ctx, status, endpoint);
    }

    public Handler<RoutingContext> authed(int status, Authed endpoint) {
        return ctx -> dispatch(ctx, status, request -> endpoint.handle(request, sessions.authenticate(request.token())));
    }

    private void dispatch(RoutingContext ctx, int status, Open endpoint) {
        Request request;
        try {
            request = Request.from(ctx, trustForwardedFor);
        } catch (ApiException e) {
            Responses.error(ctx, e);
            return;
        }
        if (!inFlight.tryAcquire()) {
            Responses.error(ctx, ApiException.busy("too many requests in progress"));
            return;
        }
        Context context = Vertx.currentContext();
        String what = ctx.request().method() + " " + ctx.request().path();
        workers.execute(() -> {
            Object body = null;
            ApiException error = null;
            try {
                body = endpoint.handle(request);
            } catch (ApiException e) {
                error = e;
            } catch (StorageException e) {
                LOG.error("Database failure on {}", what, e);
                error = ApiException.base(503, "Database unavailable; retry shortly");
            } catch (RuntimeException | Error e) {
                LOG.error("Unexpected failure on {}", what, e);
                error = ApiException.base(500, "Internal server error");
            } finally {
                inFlight.release();
            }
            Object answer = body;
            ApiException failure = error;
            context.runOnContext(v -> {
                if (failure != null) {
                    Responses.error(ctx, failure);
                } else {
                    Responses.json(ctx, status, answer);
                }
            });
        });
    }
}
