package dev.parley.storage;

import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushSubscription;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Push subscriptions, events and their durable delivery queue, always scoped by application. A subscription goes
 * with its user, and its queued deliveries with it. Implementations are thread-safe; every method blocks on the
 * database.
 */
public interface PushRepository {

    /**
     * Stores a subscription, replacing the application's subscription of the same udid on the same channel
     * (whoever's it was: the device has changed hands), unless the user already has {@code maxPerUser} others.
     *
     * @return the subscription, or empty when the user has as many as allowed
     */
    Optional<PushSubscription> subscribe(long applicationId, long userId, PushSubscription.Details details, Instant now,
                                         int maxPerUser);

    /** The user's subscriptions, oldest first. */
    List<PushSubscription> subscriptions(long applicationId, long userId);

    /** Deletes one of the user's subscriptions; false when the user has none of this id. */
    boolean unsubscribe(long applicationId, long userId, long subscriptionId);

    /** The subscriptions of these users of the application, oldest first. */
    List<PushSubscription> subscriptionsOf(long applicationId, Collection<Long> userIds);

    /**
     * Stores an event and queues one delivery of it per subscription, due at {@code now}, in one transaction.
     */
    PushEvent createEvent(long applicationId, Long senderId, PushEvent.Details details, List<Long> subscriptionIds,
                          Instant now);

    /** Deliveries of the application's events waiting in the queue. */
    long queued(long applicationId);

    /** Deliveries waiting in the whole queue. */
    long queued();

    /**
     * Claims up to {@code limit} deliveries due at {@code now}, earliest first: each is moved to {@code leaseUntil},
     * so that another dispatcher (or this one after a crash) takes it again only once the lease has run out.
     */
    List<PushDelivery> claimDue(Instant now, Instant leaseUntil, int limit);

    /** Removes a delivery that is done with (sent, or given up), and its event once it has no delivery left. */
    void complete(PushDelivery delivery);

    /** Puts a delivery back, due at {@code next}, counting the attempt. */
    void retry(PushDelivery delivery, Instant next);

    /** Deletes a subscription the provider says is gone, and with it its queued deliveries. */
    void deleteSubscription(long subscriptionId);
}
