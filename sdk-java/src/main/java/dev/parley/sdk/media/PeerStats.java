package dev.parley.sdk.media;

/**
 * One getStats() sample of a peer connection, summed over its RTP streams. Counters are totals
 * since the connection started; the SDK turns them into rates.
 *
 * @param audioLevel inbound audio level 0..1 as the receiver measured it (RTCInboundRtpStreamStats.audioLevel)
 * @param rttMs      current round-trip time of the selected candidate pair, -1 when unknown
 */
public record PeerStats(long timestampUs,
                        long audioBytesReceived, long audioPacketsReceived, long audioPacketsLost, double audioLevel,
                        double totalAudioEnergy,
                        long videoBytesReceived, long framesReceived, long framesDecoded, int frameWidth, int frameHeight,
                        long audioBytesSent, long videoBytesSent, long framesEncoded,
                        double rttMs) {
}
