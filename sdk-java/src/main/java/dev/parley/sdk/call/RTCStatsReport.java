package dev.parley.sdk.call;

/**
 * The connection with one user over the last stats interval: what a call screen shows (the
 * remote mic level, the video bitrate) and the counters behind it.
 *
 * @param micLevel          the user's microphone level as received, 0..1
 * @param videoBitrateKbps  video received from the user, kbit/s over the last interval
 * @param audioBitrateKbps  audio received from the user, kbit/s
 * @param sentBitrateKbps   audio + video sent to the user, kbit/s
 * @param framesDecoded     video frames decoded since the connection started
 * @param bytesReceived     audio + video bytes received since the connection started
 * @param audioBytesReceived audio bytes received since the connection started
 * @param bytesSent         audio + video bytes sent since the connection started
 * @param rttMs             round-trip time, -1 when unknown
 */
public record RTCStatsReport(long userId, long timestampMs, double micLevel, double videoBitrateKbps,
                             double audioBitrateKbps, double sentBitrateKbps, long framesDecoded, int frameWidth,
                             int frameHeight, long bytesReceived, long audioBytesReceived, long bytesSent,
                             double rttMs) {
}
