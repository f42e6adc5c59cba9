package dev.parley.media.forward;

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
        int audioLevelWindow) {

    public ForwardingSettings {
        if (videoCachePackets < 1 || audioCachePackets < 1 || nackMaxRetries < 1 || nackMaxGap < 1
                || audioLevelWindow < 1) {
            throw new IllegalArgumentException("cache sizes, NACK retries and gap, audio level window must be >= 1");
        }
    }

    /** Settings that suit browsers on ordinary networks. */
    public static ForwardingSettings defaults() {
        return new ForwardingSettings(Duration.ofMillis(20), 512, 64, Duration.ofSeconds(1), Duration.ofMillis(100),
                10, 256, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100);
    }
}
