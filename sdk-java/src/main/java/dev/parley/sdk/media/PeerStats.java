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

    /**
     * The samples of several m-lines of one connection as one (a conference publisher's audio and video): counters
     * summed, the loudest audio level, the frame size of the stream that decoded most, the latest time and the
     * first known round-trip time; null for none.
     */
    public static PeerStats combine(java.util.Collection<PeerStats> samples) {
        PeerStats sum = null;
        PeerStats mostDecoded = null;
        for (PeerStats one : samples) {
            if (mostDecoded == null || one.framesDecoded() > mostDecoded.framesDecoded()) mostDecoded = one;
            sum = sum == null ? one : new PeerStats(Math.max(sum.timestampUs(), one.timestampUs()),
                    sum.audioBytesReceived() + one.audioBytesReceived(), sum.audioPacketsReceived() + one.audioPacketsReceived(),
                    sum.audioPacketsLost() + one.audioPacketsLost(), Math.max(sum.audioLevel(), one.audioLevel()),
                    sum.totalAudioEnergy() + one.totalAudioEnergy(), sum.videoBytesReceived() + one.videoBytesReceived(),
                    sum.framesReceived() + one.framesReceived(), sum.framesDecoded() + one.framesDecoded(), 0, 0,
                    sum.audioBytesSent() + one.audioBytesSent(), sum.videoBytesSent() + one.videoBytesSent(),
                    sum.framesEncoded() + one.framesEncoded(), sum.rttMs() >= 0 ? sum.rttMs() : one.rttMs());
        }
        if (sum == null) return null;
        return new PeerStats(sum.timestampUs(), sum.audioBytesReceived(), sum.audioPacketsReceived(), sum.audioPacketsLost(),
                sum.audioLevel(), sum.totalAudioEnergy(), sum.videoBytesReceived(), sum.framesReceived(), sum.framesDecoded(),
                mostDecoded.frameWidth(), mostDecoded.frameHeight(), sum.audioBytesSent(), sum.videoBytesSent(), sum.framesEncoded(),
                sum.rttMs());
    }
}
