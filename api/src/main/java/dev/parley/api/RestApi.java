package dev.parley.api;

import dev.parley.api.app.ApplicationService;
import dev.parley.api.call.CallRoutes;
import dev.parley.api.call.CallService;
import dev.parley.api.http.ApiException;
import dev.parley.api.http.Dispatcher;
import dev.parley.api.http.HttpMetrics;
import dev.parley.common.limit.RateLimiter;
import dev.parley.api.http.Responses;
import dev.parley.api.http.Routes;
import dev.parley.api.meeting.MeetingRoutes;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.push.PushRoutes;
import dev.parley.api.push.PushService;
import dev.parley.api.session.PasswordHasher;
import dev.parley.api.session.SessionRoutes;
import dev.parley.api.session.SessionService;
import dev.parley.api.session.SignatureVerifier;
import dev.parley.api.system.SystemRoutes;
import dev.parley.api.turn.IceServerRoutes;
import dev.parley.api.turn.TurnCredentials;
import dev.parley.api.user.UserInput;
import dev.parley.api.user.UserListQuery;
import dev.parley.api.user.UserRoutes;
import dev.parley.api.user.UserService;
import dev.parley.common.identity.IdentityEvents;
import dev.parley.common.identity.OnlineUsers;
import dev.parley.common.metrics.Metrics;
import dev.parley.common.signal.CallSignals;
import dev.parley.storage.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The REST API's composition root: builds the services over a storage and assembles the one router every
 * HTTP listener serves. The request path, top to bottom: metrics, CORS, timeout, body limit, then the
 * routes, then the JSON error writer for anything that failed on the way.
 */
public final class RestApi implements AutoCloseable {

    /** Endpoints running at once before new requests get 503. */
    static final int MAX_IN_FLIGHT = 1024;

    private static final Set<String> CORS_HEADERS = Set.of("Content-Type", "CB-SDK", "CB-Token", "CB-AuthKey", "QB-SDK",
            "QB-Token", "QB-OS", "QB-Account-Key", "Authorization");

    private final ApiSettings settings;
    private final Metrics metrics;
    private final BooleanSupplier databaseHealthy;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("parley-api-", 0).factory());
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final UserService users;
    private final ApplicationService applications;
    private final Storage storage;
    private final RateLimiter authLimiter;
    private final CallService calls;
    private final MeetingService meetings;
    private final PushService push;
    private final TurnCredentials turn;

    /**
     * @param events told when tokens are revoked and users deleted (the chat server closes their connections)
     * @param online who has a live chat connection, for {@code /users/online}
     * @param signals where call signals sent over REST go ({@code /calls/reject})
     * @param pushQueued told when an event's deliveries are queued (the push dispatcher sends them at once)
     * @param turnSecret the secret shared with the TURN server, which TURN credentials are signed with
     */
    public RestApi(ApiSettings settings, Storage storage, Clock clock, Metrics metrics, BooleanSupplier databaseHealthy,
                   IdentityEvents events, OnlineUsers online, CallSignals signals, Runnable pushQueued, String turnSecret) {
        this.settings = settings;
        this.storage = storage;
        this.metrics = metrics;
        this.databaseHealthy = databaseHealthy;
        this.hasher = new PasswordHasher(settings.passwordCost(), settings.hashingThreads(), settings.hashingQueue());
        SignatureVerifier signatures = new SignatureVerifier(clock, settings.signatureMaxSkew(), settings.signatureReplayCache());
        this.sessions = new SessionService(storage, hasher, signatures, clock, settings.sessionTtl(),
                settings.guestSessionTtl(), settings.sessionTouchInterval(), events);
        this.users = new UserService(storage.users(), hasher,
                new UserInput(settings.passwordMinLength(), settings.passwordMaxLength()),
                new UserListQuery(settings.defaultPageSize(), settings.maxPageSize()), clock, events, online,
                settings.maxPageSize());
        this.applications = new ApplicationService(storage.applications());
        this.authLimiter = new RateLimiter(clock, settings.authBurst(), settings.authPerSecond(), settings.maxTrackedClients());
        this.calls = new CallService(storage.users(), signals, new RateLimiter(clock, settings.signalBurst(),
                settings.signalsPerSecond(), settings.maxTrackedClients()));
        this.meetings = new MeetingService(storage.meetings(), storage.users(), clock);
        this.push = new PushService(storage.push(), storage.pushCredentials(), storage.users(), new RateLimiter(clock, settings.pushBurst(),
                settings.pushPerSecond(), settings.maxTrackedClients()), settings.push(), clock, pushQueued);
        this.turn = new TurnCredentials(settings.turn(), turnSecret, clock, metrics.registry());
    }

    public ApplicationService applications() {
        return applications;
    }

    /** Push subscriptions and events, for the server's own pushes. */
    public PushService push() {
        return push;
    }

    public SessionService sessions() {
        return sessions;
    }

    public PasswordHasher passwordHasher() {
        return hasher;
    }

    /** A router serving every REST route; the returned list names them (for the OpenAPI check). */
    public Router router(Vertx vertx, List<Routes.Spec> registered) {
        Router router = Router.router(vertx);
        HttpMetrics httpMetrics = new HttpMetrics(metrics.registry());
        router.route().handler(httpMetrics::start);
        router.route().handler(cors());
        router.route().handler(TimeoutHandler.create(settings.requestTimeout().toMillis(), 503));
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodySize()));

        Dispatcher dispatcher = new Dispatcher(workers, MAX_IN_FLIGHT, sessions, settings.trustForwardedFor());
        Routes routes = new Routes(router);
        SystemRoutes.register(routes, dispatcher, databaseHealthy, metrics, settings.metricsEnabled(), settings.metricsToken());
        SessionRoutes.register(routes, dispatcher, sessions, authLimiter, settings.trustForwardedFor());
        UserRoutes.register(routes, dispatcher, users, sessions, storage.applications(), authLimiter,
                settings.trustForwardedFor());
        CallRoutes.register(routes, dispatcher, calls);
        MeetingRoutes.register(routes, dispatcher, meetings);
        PushRoutes.register(routes, dispatcher, push);
        IceServerRoutes.register(routes, dispatcher, turn);
        registered.addAll(routes.specs());

        router.route().failureHandler(this::writeFailure);
        router.errorHandler(404, ctx -> Responses.error(ctx, ApiException.notFound(
                "No such route: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> Responses.error(ctx, ApiException.base(405,
                "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path())));
        router.errorHandler(500, this::writeFailure);
        return router;
    }

    /** Deletes expired sessions; blocking, call it from a worker. */
    public int deleteExpiredSessions() {
        return sessions.deleteExpired();
    }

    public ExecutorService workers() {
        return workers;
    }

    @Override
    public void close() {
        workers.shutdown();
        hasher.close();
    }

    private CorsHandler cors() {
        CorsHandler cors = CorsHandler.create()
                .allowedHeaders(CORS_HEADERS)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                .exposedHeaders(Set.of("Retry-After"))
                .maxAgeSeconds(86400);
        if (!settings.corsAllowedOrigins().contains("*")) {
            cors.addOrigins(settings.corsAllowedOrigins());
        }
        return cors;
    }

    /** How long an oversized upload is still read (and dropped) after its 413, before the connection closes. */
    private static final long LINGER_MILLIS = 2_000;

    private static void closeAfterUpload(RoutingContext ctx) {
        var connection = ctx.request().connection();
        if (ctx.request().isEnded()) {
            connection.close();
            return;
        }
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, t -> connection.close());
        ctx.request().endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            connection.close();
        });
        ctx.request().handler(dropped -> { });
        ctx.request().resume();
    }

    private void writeFailure(RoutingContext ctx) {
        if (ctx.failure() instanceof ApiException e) {
            Responses.error(ctx, e);
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String message = switch (status) {
            case 413 -> "Request body is larger than " + settings.maxBodySize() + " bytes";
            case 503 -> "Request timed out";
            case 400 -> "Bad request";
            case 403 -> "Origin not allowed";
            default -> "Internal server error";
        };
        if (status == 500 && ctx.failure() != null) {
            org.slf4j.LoggerFactory.getLogger(RestApi.class).error("Unhandled failure on {} {}", ctx.request().method(),
                    ctx.request().path(), ctx.failure());
        }
        if (status == 413 && ctx.request().version() != HttpVersion.HTTP_2) {
            // The connection closes after the answer. Closing while the client still uploads would reset the
            // connection before the client reads the 413, so the rest of the body is read and dropped first,
            // for at most LINGER. (On HTTP/2 only the stream is refused, and flow control bounds what the
            // client can still send.)
            ctx.response().putHeader("Connection", "close");
            ctx.response().bodyEndHandler(v -> closeAfterUpload(ctx));
        }
        Responses.error(ctx, ApiException.base(status, message));
    }
}
