package dev.parley.push;

import com.typesafe.config.Config;

import java.time.Duration;

/** The push delivery knobs, read from {@code parley.push.delivery} (see reference.conf for each). */
public record DeliverySettings(boolean enabled, Duration pollInterval, int batchSize, int maxInFlight,
                               Duration connectTimeout, Duration requestTimeout, Duration firstRetryDelay,
                               Duration maxRetryDelay, int maxAttempts, Duration defaultTtl) {

    /** @param push the {@code parley.push} block */
    public static DeliverySettings from(Config push) {
        Config c = push.getConfig("delivery");
        return new DeliverySettings(c.getBoolean("enabled"), c.getDuration("poll-interval"), c.getInt("batch-size"),
                c.getInt("max-in-flight"), c.getDuration("connect-timeout"), c.getDuration("request-timeout"),
                c.getDuration("first-retry-delay"), c.getDuration("max-retry-delay"), c.getInt("max-attempts"),
                c.getDuration("default-ttl"));
    }

    /** The wait before attempt {@code attempts + 1}: doubling from the first delay, capped. */
    public Duration backoff(int attempts) {
        Duration delay = firstRetryDelay;
        for (int i = 0; i < attempts && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    /** How long a claimed delivery stays with this dispatcher: longer than any send may take. */
    public Duration lease() {
        return connectTimeout.plus(requestTimeout).multipliedBy(2);
    }
}
