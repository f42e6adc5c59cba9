package dev.parley.media.forward;

import dev.parley.common.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingSettingsTest {

    @Test
    void referenceConfHoldsTheDefaults() {
        assertThat(ForwardingSettings.from(ConfigLoader.load(Map.of(), Optional.empty(), Map.of())))
                .isEqualTo(ForwardingSettings.defaults());
    }

    @Test
    void refusesCachesBeyondTheBoundAndNonPositiveIntervals() {
        assertThatThrownBy(() -> ForwardingSettings.from(ConfigLoader.load(
                Map.of("parley.media.forwarding.video-cache-packets", 100_000), Optional.empty(), Map.of())))
                .hasMessageContaining("video-cache-packets must be 1-4096");
        assertThatThrownBy(() -> ForwardingSettings.from(ConfigLoader.load(
                Map.of("parley.media.forwarding.tick-interval", "0ms"), Optional.empty(), Map.of())))
                .hasMessageContaining("tick-interval must be positive");
    }

    @Test
    void refusesBandwidthBoundsOutOfOrder() {
        assertThatThrownBy(() -> ForwardingSettings.from(ConfigLoader.load(
                Map.of("parley.media.forwarding.bandwidth-estimation.min-bitrate", 500_000), Optional.empty(),
                Map.of())))
                .hasMessageContaining("parley.media.forwarding.bandwidth-estimation")
                .hasMessageContaining("min-bitrate <= start-bitrate <= max-bitrate");
        assertThatThrownBy(() -> ForwardingSettings.from(ConfigLoader.load(
                Map.of("parley.media.forwarding.bandwidth-estimation.probe-interval", "0s"), Optional.empty(),
                Map.of())))
                .hasMessageContaining("probe interval must be positive");
    }
}
