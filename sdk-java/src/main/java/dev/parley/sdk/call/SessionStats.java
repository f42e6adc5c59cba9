package dev.parley.sdk.call;

import dev.parley.sdk.media.PeerStats;

import java.util.HashMap;
import java.util.Map;

/** Turns successive engine samples of each peer into {@link RTCStatsReport}s (rates over the interval). */
public final class SessionStats {

    private final Map<Long, PeerStats> previous = new HashMap<>();

    public RTCStatsReport report(long userId, PeerStats now) {
        PeerStats before = previous.put(userId, now);
        double seconds = before == null ? 0 : (now.timestampUs() - before.timestampUs()) / 1e6;
        return new RTCStatsReport(userId, now.timestampUs() / 1000, clamp(now.audioLevel()),
                rate(now.videoBytesReceived(), before == null ? 0 : before.videoBytesReceived(), seconds),
                rate(now.audioBytesReceived(), before == null ? 0 : before.audioBytesReceived(), seconds),
                rate(now.audioBytesSent() + now.videoBytesSent(),
                        before == null ? 0 : before.audioBytesSent() + before.videoBytesSent(), seconds),
                now.framesDecoded(), now.frameWidth(), now.frameHeight(),
                now.audioBytesReceived() + now.videoBytesReceived(), now.audioBytesReceived(),
                now.audioBytesSent() + now.videoBytesSent(),
                now.rttMs());
    }

    public void forget(long userId) {
        previous.remove(userId);
    }

    /** kbit/s between two byte counters; 0 for the first sample or a counter that went back. */
    private static double rate(long bytesNow, long bytesBefore, double seconds) {
        if (seconds <= 0 || bytesNow < bytesBefore) return 0;
        return (bytesNow - bytesBefore) * 8 / 1000.0 / seconds;
    }

    private static double clamp(double level) {
        return Double.isNaN(level) ? 0 : Math.max(0, Math.min(1, level));
    }
}
