package dev.parley.push;

import dev.parley.common.time.Scheduler;
import dev.parley.storage.PushCredentialsRepository;
import dev.parley.storage.PushRepository;
import dev.parley.storage.StorageException;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushCredentials;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drains the durable push queue (docs/push.md): every poll interval, and at once when an event is queued, it
 * claims due deliveries (up to the free in-flight slots), hands each to its channel's sender, and records the
 * answer: delivered and rejected ones leave the queue, a "gone" answer deletes the subscription, a passing failure
 * is put back with exponential backoff until the attempts run out. A delivery whose event outlived its TTL is
 * dropped unsent. Claims are leases in the database, so a crash or restart resends what was in flight once the
 * lease runs out, and deliveries wait out an outage in the queue.
 *
 * <p>Threading: polls run one at a time on the worker executor (JDBC blocks); answers come on the senders' threads
 * and are recorded on the worker executor. Thread-safe.
 */
public final class PushDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

    private final PushRepository queue;
    private final PushCredentialsRepository credentials;
    private final Map<PushChannel, PushSender> senders;
    private final DeliverySettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor workers;
    private final Semaphore inFlight;
    /** The last drain may have left due deliveries unclaimed (see {@link #drain}). */
    private volatile boolean backlog;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final MeterRegistry metrics;
    private final Timer latency;
    private volatile boolean closed;
    private Scheduler.Task poller;

    /** @param senders one per channel; a channel without one keeps its deliveries queued until they expire */
    public PushDispatcher(PushRepository queue, PushCredentialsRepository credentials, Map<PushChannel, PushSender> senders,
                          DeliverySettings settings, Clock clock, Scheduler scheduler, Executor workers,
                          MeterRegistry metrics) {
        this.queue = queue;
        this.credentials = credentials;
        this.senders = new EnumMap<>(senders);
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
        this.inFlight = new Semaphore(settings.maxInFlight());
        this.metrics = metrics;
        this.latency = Timer.builder("parley.push.delivery.latency")
                .description("From POST /events to the provider taking the push").publishPercentileHistogram()
                .register(metrics);
    }

    public void start() {
        poller = scheduler.repeat(this::wake, settings.pollInterval());
        wake();
    }

    /** Asks for a poll soon (an event was queued); polls never overlap. */
    public void wake() {
        if (closed) {
            return;
        }
        wanted.set(true);
        if (polling.compareAndSet(false, true)) {
            workers.execute(this::poll);
        }
    }

    private void poll() {
        try {
            while (wanted.getAndSet(false) && !closed) {
                drain();
            }
        } catch (StorageException e) {
            LOG.warn("Push queue unavailable; retrying at the next poll: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Push dispatcher failure", e);
        } finally {
            polling.set(false);
            if (wanted.get() && !closed) {
                wake();
            }
        }
    }

    /**
     * Claims and sends batches while there are due deliveries and free slots. A drain that stops for want of a slot
     * leaves {@link #backlog} set, so that each send's answer, freeing a slot, polls again: a backlog larger than
     * {@code max-in-flight} (an event to many users) drains at the providers' pace, not one batch per poll interval.
     */
    private void drain() {
        while (!closed) {
            backlog = true;
            int free = Math.min(settings.batchSize(), inFlight.availablePermits());
            if (free == 0) {
                return;
            }
            Instant now = clock.instant();
            List<PushDelivery> batch = queue.claimDue(now, now.plus(settings.lease()), free);
            Map<Long, PushCredentials> byApplication = new HashMap<>();
            for (PushDelivery delivery : batch) {
                PushCredentials appCredentials = byApplication.computeIfAbsent(delivery.applicationId(), credentials::find);
                send(delivery, appCredentials, now);
            }
            if (batch.size() < free) {
                backlog = false;
                return;
            }
        }
    }

    private void send(PushDelivery delivery, PushCredentials appCredentials, Instant now) {
        PushChannel channel = delivery.subscription().details().channel();
        PushMessage message = PushMessage.of(delivery.event().details().message());
        if (expired(delivery, message, now)) {
            queue.complete(delivery);
            count(channel, "expired");
            return;
        }
        PushSender sender = senders.get(channel);
        if (sender == null) {
            record(delivery, SendResult.retry(null, "no sender for " + channel.wireName()));
            return;
        }
        inFlight.acquireUninterruptibly();
        CompletionStage<SendResult> answer;
        try {
            answer = sender.send(delivery, appCredentials, message);
        } catch (RuntimeException e) {
            LOG.error("Push sender for {} failed", channel.wireName(), e);
            answer = java.util.concurrent.CompletableFuture.completedFuture(SendResult.retry(null, e.toString()));
        }
        answer.whenComplete((result, failure) -> {
            inFlight.release();
            if (backlog) {
                wake();
            }
            SendResult outcome = failure != null ? SendResult.retry(null, failure.toString()) : result;
            workers.execute(() -> {
                try {
                    record(delivery, outcome);
                } catch (RuntimeException e) {
                    LOG.warn("Cannot record a push answer (the lease will resend it): {}", e.getMessage());
                }
            });
        });
    }

    /** Past the message's {@code expiration}, or older than the default TTL. */
    private boolean expired(PushDelivery delivery, PushMessage message, Instant now) {
        return Expiry.of(message, delivery.event().createdAt(), settings.defaultTtl()).isBefore(now);
    }

    private void record(PushDelivery delivery, SendResult result) {
        PushChannel channel = delivery.subscription().details().channel();
        switch (result.outcome()) {
            case DELIVERED -> {
                queue.complete(delivery);
                latency.record(Duration.between(delivery.event().createdAt(), clock.instant()));
                count(channel, "delivered");
            }
            case GONE -> {
                LOG.info("Push subscription {} ({}) is gone: {}", delivery.subscription().id(), channel.wireName(),
                        result.detail());
                queue.deleteSubscription(delivery.subscription().id());
                count(channel, "gone");
            }
            case REJECTED -> {
                LOG.warn("Push {} to subscription {} ({}) rejected: {}", delivery.event().id(),
                        delivery.subscription().id(), channel.wireName(), result.detail());
                queue.complete(delivery);
                count(channel, "rejected");
            }
            case RETRY -> {
                if (delivery.attempts() + 1 >= settings.maxAttempts()) {
                    LOG.warn("Push {} to subscription {} ({}) given up after {} attempts: {}", delivery.event().id(),
                            delivery.subscription().id(), channel.wireName(), delivery.attempts() + 1, result.detail());
                    queue.complete(delivery);
                    count(channel, "given_up");
                } else {
                    Duration wait = settings.backoff(delivery.attempts());
                    if (result.retryAfter() != null && result.retryAfter().compareTo(wait) > 0) {
                        wait = result.retryAfter().compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay()
                                : result.retryAfter();
                    }
                    queue.retry(delivery, clock.instant().plus(wait));
                    LOG.debug("Push {} to subscription {} ({}) retried in {}: {}", delivery.event().id(),
                            delivery.subscription().id(), channel.wireName(), wait, result.detail());
                    count(channel, "retried");
                }
            }
        }
    }

    private void count(PushChannel channel, String outcome) {
        Counter.builder("parley.push.deliveries").description("Push deliveries by channel and outcome")
                .tag("channel", channel.wireName()).tag("outcome", outcome).register(metrics).increment();
    }

    @Override
    public void close() {
        closed = true;
        if (poller != null) {
            poller.cancel();
        }
        // One sender may serve several channels (APNs alerts and VoIP).
        senders.values().stream().distinct().forEach(PushSender::close);
    }
}
