package dev.parley.media.bwe;

import java.time.Duration;

/**
 * The bounds and probing of each subscriber's send-side estimate.
 *
 * @param startBitrate the estimate before the first feedback has told anything (libwebrtc starts at 300 kbit/s)
 * @param minBitrate the estimate never goes below this, however bad the link looks
 * @param maxBitrate the estimate never goes above this, nor does a probe
 * @param probing whether padding is sent to measure capacity above what media fills
 * @param probeInterval how often a subscriber that wants more than its estimate is probed again
 */
public record BandwidthSettings(long startBitrate, long minBitrate, long maxBitrate, boolean probing,
        Duration probeInterval) {

    public BandwidthSettings {
        if (minBitrate < 10_000 || minBitrate > startBitrate || startBitrate > maxBitrate) {
            throw new IllegalArgumentException(
                    "bandwidth estimation needs 10 kbit/s <= min-bitrate <= start-bitrate <= max-bitrate");
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("the probe interval must be positive: " + probeInterval);
        }
    }

    /** libwebrtc's start and floor, a ceiling that suits a 1080p layer, probing every 5 s. */
    public static BandwidthSettings defaults() {
        return new BandwidthSettings(300_000, 30_000, 10_000_000, true, Duration.ofSeconds(5));
    }
}
