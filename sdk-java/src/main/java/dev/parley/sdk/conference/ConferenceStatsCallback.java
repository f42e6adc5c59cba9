package dev.parley.sdk.conference;

import dev.parley.sdk.call.RTCStatsReport;

/**
 * Receives, every stats interval, one report per received publisher: its mic level (0..1) and video bitrate
 * (kbit/s), as ConnectyCube's stats manager gives them.
 */
@FunctionalInterface
public interface ConferenceStatsCallback {

    void onStatsReport(ConferenceSession session, RTCStatsReport report);
}
