package dev.parley.push;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry backoff of the push dispatcher. */
class DeliverySettingsTest {

    @Test
    void backoffDoublesFromTheFirstDelayUpToTheCap() {
        DeliverySettings settings = new DeliverySettings(true, Duration.ofSeconds(1), 10, 10, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(1), 10, Duration.ofDays(1));
        assertThat(settings.backoff(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(6));
    }
}
