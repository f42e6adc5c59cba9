package dev.parley.sdk.call;

/** Receives a report per connected user every {@link RTCConfig#statsReportInterval()} ms. */
@FunctionalInterface
public interface RTCStatsCallback {

    void onStatsReport(RTCSession session, RTCStatsReport report);
}
