package dev.parley.media.forward;

import com.typesafe.config.Config;

import dev.parley.media.bwe.BandwidthSettings;

import java.time.Duration;

/**
 * The forwarding pipeline's knobs, fixed for a room's life.
 *
 * @param tickInterval how often the room's owner calls {@link ForwardingRoom#tick}; every timer below is
 *        rounded up to it
 * @param videoCachePackets packets kept per video stream to answer NACKs (RFC 4585 §6.2.1)
 * @param audioCachePackets packets kept per audio stream to answer NACKs
 * @param cacheMaxAge how long a cached packet may still be retransmitted: older ones are useless to a receiver
 * @param nackRetryInterval how long to wait for a NACKed packet before asking again
 * @param nackMaxRetries how many times a lost packet is NACKed before giving up
 * @param nackMaxGap a larger jump in sequence numbers is not NACKed packet by packet: a video stream gets a
 *        keyframe request instead
 * @param transportCcInterval how often transport-cc feedback goes to each publisher (libwebrtc's receiver
 *        default is 100 ms)
 * @param receiverReportInterval how often receiver reports go to each publisher
 * @param keyframeRequestMinInterval the least time between two keyframe requests to one publisher stream,
 *        however many subscribers ask
 * @param keyframeRetryInterval how long subscribers wait for a requested keyframe before it is asked again
 * @param noMediaTimeout silence after which a stream counts as not receiving (Janus's {@code no_media_timer})
 * @param audioLevelWindow audio packets averaged per audio level event (Janus's {@code audio_active_packets})
 * @param bandwidth the bounds and probing of each subscriber's send-side bandwidth estimate
 */
public record ForwardingSettings(
        Duration tickInterval,
        int videoCachePackets,
        int audioCachePackets,
        Duration cacheMaxAge,
        Duration nackRetryInterval,
        int nackMaxRetries,
        int nackMaxGap,
        Duration transportCcInterval,
        Duration receiverReportInterval,
        Duration keyframeRequestMinInterval,
        Duration keyframeRetryInterval,
        Duration noMediaTimeout,
        int audioLevelWindow,
        BandwidthSettings bandwidth) {

    public ForwardingSettings {
        if (videoCachePackets < 1 || audioCachePackets < 1 || nackMaxRetries < 1 || nackMaxGap < 1
                || audioLevelWindow < 1) {
            throw new IllegalArgumentException("cache sizes, NACK retries and gap, audio level window must be >= 1");
        }
    }

    /** The settings of {@code parley.media.forwarding} (reference.conf documents each). */
    public static ForwardingSettings from(Config parley) {
        Config c = parley.getConfig("media.forwarding");
        Duration tick = positive(c, "tick-interval");
        return new ForwardingSettings(tick, bounded(c, "video-cache-packets", 4096), bounded(c, "audio-cache-packets", 4096),
                positive(c, "cache-max-age"), positive(c, "nack-retry-interval"), c.getInt("nack-max-retries"),
                c.getInt("nack-max-gap"), positive(c, "transport-cc-interval"), positive(c, "receiver-report-interval"),
                positive(c, "keyframe-request-min-interval"), positive(c, "keyframe-retry-interval"),
                positive(c, "no-media-timeout"), c.getInt("audio-level-window"), bandwidth(c));
    }

    private static BandwidthSettings bandwidth(Config forwarding) {
        Config c = forwarding.getConfig("bandwidth-estimation");
        try {
            return new BandwidthSettings(c.getLong("start-bitrate"), c.getLong("min-bitrate"), c.getLong("max-bitrate"),
                    c.getBoolean("probing"), c.getDuration("probe-interval"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parley.media.forwarding.bandwidth-estimation: " + e.getMessage(), e);
        }
    }

    /** Cache sizes: each packet slot is 1500 bytes taken up front, per stream. */
    private static int bounded(Config c, String key, int max) {
        int value = c.getInt(key);
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("parley.media.forwarding." + key + " must be 1-" + max + ": " + value);
        }
        return value;
    }

    private static Duration positive(Config c, String key) {
        Duration value = c.getDuration(key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("parley.media.forwarding." + key + " must be positive: " + value);
        }
        return value;
    }

    /** Settings that suit browsers on ordinary networks. */
    public static ForwardingSettings defaults() {
        return new ForwardingSettings(Duration.ofMillis(20), 512, 64, Duration.ofSeconds(1), Duration.ofMillis(100),
                10, 256, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, BandwidthSettings.defaults());
    }
}
