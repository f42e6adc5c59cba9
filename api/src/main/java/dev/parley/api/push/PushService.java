package dev.parley.api.push;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.api.session.Auth;
import dev.parley.common.limit.RateLimiter;
import dev.parley.common.security.P256Keys;
import dev.parley.storage.PushCredentialsRepository;
import dev.parley.storage.PushRepository;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushMessage;
import dev.parley.storage.model.PushSubscription;
import dev.parley.storage.model.User;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Push subscriptions and events (docs/protocol.md section 2.4). A user manages their own subscriptions; an event
 * goes to the subscriptions of users of the sender's application only, and is queued for delivery in the database
 * before the answer, so that it survives a restart, and the dispatcher is told ({@code queued}). Every call counts against one token bucket per user (per
 * application for an application session). Methods block on the database; they run on worker threads.
 * Thread-safe.
 */
public final class PushService {

    private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

    /** The limits of the push routes (reference.conf, {@code parley.push}). */
    public record Limits(int maxSubscriptionsPerUser, int maxRecipients, long maxQueuedPerApplication,
                         boolean allowPrivateEndpoints) {
    }

    private final PushRepository push;
    private final PushCredentialsRepository credentials;
    private final UserRepository users;
    private final RateLimiter limiter;
    private final Limits limits;
    private final Clock clock;
    private final Runnable queued;

    public PushService(PushRepository push, PushCredentialsRepository credentials, UserRepository users,
                       RateLimiter limiter, Limits limits, Clock clock, Runnable queued) {
        this.push = push;
        this.credentials = credentials;
        this.users = users;
        this.limiter = limiter;
        this.limits = limits;
        this.clock = clock;
        this.queued = queued;
    }

    /** {@code POST /subscriptions}: the session user's device; the same udid on the same channel is replaced. */
    public List<PushSubscription> subscribe(Auth auth, Params body) {
        User user = auth.requireUser();
        throttle(auth);
        PushSubscription.Details details = SubscriptionInput.read(body, limits.allowPrivateEndpoints());
        PushSubscription subscription = push.subscribe(auth.applicationId(), user.id(), details, now(),
                limits.maxSubscriptionsPerUser()).orElseThrow(() -> ApiException.invalid("base", "A user may have at most "
                + limits.maxSubscriptionsPerUser() + " push subscriptions; delete one first"));
        return List.of(subscription);
    }

    /** {@code GET /subscriptions}: the session user's. */
    public List<PushSubscription> list(Auth auth) {
        return push.subscriptions(auth.applicationId(), auth.requireUser().id());
    }

    /** {@code DELETE /subscriptions/{id}}: one of the session user's; any other id is not found. */
    public void unsubscribe(Auth auth, String id) {
        User user = auth.requireUser();
        throttle(auth);
        long subscriptionId;
        try {
            subscriptionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notFound();
        }
        if (!push.unsubscribe(auth.applicationId(), user.id(), subscriptionId)) {
            throw notFound();
        }
    }

    /**
     * {@code POST /events}: finds the recipients in the application, picks their subscriptions on the event's
     * channels and environment, and queues one delivery per subscription. 422 when nobody chosen has such a
     * subscription (as the hosted products answer) or more than the recipient cap are chosen; 503 when the
     * application's queue is full.
     */
    public PushEvent createEvent(Auth auth, Params body) {
        throttle(auth);
        EventInput.Request request = EventInput.read(body, limits.maxRecipients());
        if (push.queued(auth.applicationId()) >= limits.maxQueuedPerApplication()) {
            throw ApiException.busy("the application's push queue is full");
        }
        List<Long> userIds = users.list(new UserQuery(auth.applicationId(), request.recipients().conditions(),
                UserField.ID, true, 0, limits.maxRecipients() + 1)).items().stream().map(User::id).toList();
        if (userIds.size() > limits.maxRecipients()) {
            throw ApiException.invalid("base", "The event would reach more than " + limits.maxRecipients()
                    + " users; narrow it down");
        }
        String environment = request.details().environment();
        List<Long> subscriptions = push.subscriptionsOf(auth.applicationId(), userIds).stream()
                .filter(s -> request.channels().contains(s.details().channel()))
                .filter(s -> environment == null || s.details().environment() == null
                        || environment.equals(s.details().environment()))
                .map(PushSubscription::id).toList();
        if (subscriptions.isEmpty()) {
            throw ApiException.invalid("base", "No recipients: none of the users chosen has a push subscription"
                    + " this event can go to");
        }
        Long sender = auth.user() == null ? null : auth.user().id();
        PushEvent event = push.createEvent(auth.applicationId(), sender, request.details(), subscriptions, now());
        queued.run();
        return event;
    }

    /**
     * A push from the server itself (the call push, docs/push.md) to one user's subscriptions on the channels its
     * message calls for, queued like an event; nothing when the user has no such subscription or the application's
     * queue is full. Blocks on the database.
     *
     * @param message the message as JSON text (docs/protocol.md section 2.4 keys)
     */
    public Optional<PushEvent> pushToUser(long applicationId, Long senderId, long userId, String message) {
        Set<PushChannel> channels = EventInput.channels(PushMessage.of(message).voip(), null);
        if (push.queued(applicationId) >= limits.maxQueuedPerApplication()) {
            LOG.warn("Push queue of application {} is full; the call push to user {} is dropped", applicationId, userId);
            return Optional.empty();
        }
        List<Long> subscriptions = push.subscriptionsOf(applicationId, List.of(userId)).stream()
                .filter(s -> channels.contains(s.details().channel())).map(PushSubscription::id).toList();
        if (subscriptions.isEmpty()) {
            return Optional.empty();
        }
        PushEvent event = push.createEvent(applicationId, senderId, new PushEvent.Details(null, null, null, message, null),
                subscriptions, now());
        queued.run();
        return Optional.of(event);
    }

    /**
     * {@code GET /push/vapid_public_key}: the application's VAPID public key (RFC 8292 §3.2), which web clients
     * pass to {@code PushManager.subscribe} as {@code applicationServerKey}. The key pair is made on first use;
     * its private half never leaves the server.
     */
    public String vapidPublicKey(Auth auth) {
        PushCredentials.Vapid vapid = credentials.find(auth.applicationId()).vapid();
        if (vapid == null) {
            KeyPair pair = P256Keys.generate();
            vapid = credentials.ensureVapid(auth.applicationId(), new PushCredentials.Vapid(
                    P256Keys.base64Url(P256Keys.encodePoint((ECPublicKey) pair.getPublic())),
                    P256Keys.base64Url(pair.getPrivate().getEncoded()), null), now());
        }
        return vapid.publicKey();
    }

    private void throttle(Auth auth) {
        String key = auth.user() == null ? "app-" + auth.applicationId() : auth.applicationId() + "-" + auth.user().id();
        Duration wait = limiter.tryAcquire(key);
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests(wait);
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("Subscription not found");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
