package dev.parley.media;

/**
 * A transport's counters at one moment: packets and bytes of decrypted media in, of protected media
 * out, and incoming SRTP/SRTCP that failed (authentication, replay, malformed).
 */
public record TransportStats(long rtpReceived, long rtcpReceived, long bytesReceived, long rtpSent, long rtcpSent, long bytesSent,
        long srtpFailures) {
}
