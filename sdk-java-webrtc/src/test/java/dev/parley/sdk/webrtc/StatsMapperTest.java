package dev.parley.sdk.webrtc;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.parley.sdk.media.PeerStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsMapperTest {

    @Test
    void sumsStreamsByKindAndTakesTheSelectedPairsRoundTrip() {
        List<RTCStats> report = List.of(
                stats(RTCStatsType.INBOUND_RTP, "ia", Map.of("kind", "audio", "bytesReceived", BigInteger.valueOf(4000),
                        "packetsReceived", 50L, "packetsLost", 2, "audioLevel", 0.25, "totalAudioEnergy", 0.5)),
                stats(RTCStatsType.INBOUND_RTP, "ia2", Map.of("kind", "audio", "bytesReceived", BigInteger.valueOf(1000),
                        "packetsReceived", 10L, "packetsLost", 1, "audioLevel", 0.5, "totalAudioEnergy", 0.25)),
                stats(RTCStatsType.INBOUND_RTP, "iv", Map.of("kind", "video", "bytesReceived", BigInteger.valueOf(90_000),
                        "framesReceived", 31L, "framesDecoded", 30L, "frameWidth", 320L, "frameHeight", 240L)),
                stats(RTCStatsType.INBOUND_RTP, "iv2", Map.of("kind", "video", "bytesReceived", BigInteger.valueOf(10_000),
                        "framesReceived", 5L, "framesDecoded", 4L, "frameWidth", 1280L, "frameHeight", 720L)),
                stats(RTCStatsType.OUTBOUND_RTP, "oa", Map.of("kind", "audio", "bytesSent", BigInteger.valueOf(3000))),
                stats(RTCStatsType.OUTBOUND_RTP, "ov", Map.of("kind", "video", "bytesSent", BigInteger.valueOf(80_000),
                        "framesEncoded", 29L)),
                stats(RTCStatsType.TRANSPORT, "t", Map.of("selectedCandidatePairId", "p2")),
                stats(RTCStatsType.CANDIDATE_PAIR, "p1", Map.of("nominated", true, "state", "succeeded", "currentRoundTripTime", 0.5)),
                stats(RTCStatsType.CANDIDATE_PAIR, "p2", Map.of("currentRoundTripTime", 0.012)));

        PeerStats stats = StatsMapper.map(42, report);

        assertThat(stats).isEqualTo(new PeerStats(42, 5000, 60, 3, 0.5, 0.75, 100_000, 36, 34, 320, 240,
                3000, 80_000, 29, 12.0));
    }

    @Test
    void splitsInboundStreamsByMidWithTheConnectionsRoundTrip() {
        List<RTCStats> report = List.of(
                stats(RTCStatsType.INBOUND_RTP, "ia", Map.of("kind", "audio", "mid", "0", "bytesReceived", BigInteger.valueOf(4000),
                        "audioLevel", 0.25)),
                stats(RTCStatsType.INBOUND_RTP, "iv", Map.of("kind", "video", "trackIdentifier", "track-v", "bytesReceived",
                        BigInteger.valueOf(90_000), "framesDecoded", 30L, "frameWidth", 320L, "frameHeight", 240L)),
                stats(RTCStatsType.INBOUND_RTP, "ix", Map.of("kind", "video", "trackIdentifier", "unknown", "bytesReceived",
                        BigInteger.valueOf(1))),
                stats(RTCStatsType.OUTBOUND_RTP, "ov", Map.of("kind", "video", "bytesSent", BigInteger.valueOf(80_000))),
                stats(RTCStatsType.TRANSPORT, "t", Map.of("selectedCandidatePairId", "p")),
                stats(RTCStatsType.CANDIDATE_PAIR, "p", Map.of("currentRoundTripTime", 0.02)));

        Map<String, PeerStats> byMid = StatsMapper.byMid(5, report, Map.of("track-v", "1"));

        assertThat(byMid).containsOnlyKeys("0", "1");
        assertThat(byMid.get("0")).isEqualTo(new PeerStats(5, 4000, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20.0));
        assertThat(byMid.get("1")).isEqualTo(new PeerStats(5, 0, 0, 0, 0, 0, 90_000, 0, 30, 320, 240, 0, 0, 0, 20.0));
    }

    @Test
    void fallsBackToANominatedSucceededPair() {
        PeerStats stats = StatsMapper.map(1, List.of(
                stats(RTCStatsType.CANDIDATE_PAIR, "p1", Map.of("nominated", false, "state", "succeeded", "currentRoundTripTime", 0.5)),
                stats(RTCStatsType.CANDIDATE_PAIR, "p2", Map.of("nominated", true, "state", "succeeded", "currentRoundTripTime", 0.002))));
        assertThat(stats.rttMs()).isEqualTo(2.0);
    }

    @Test
    void emptyReportHasZerosAndUnknownRoundTrip() {
        PeerStats stats = StatsMapper.map(7, List.of());
        assertThat(stats).isEqualTo(new PeerStats(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1));
    }

    @Test
    void readsTheLegacyMediaTypeAttribute() {
        PeerStats stats = StatsMapper.map(1, List.of(stats(RTCStatsType.OUTBOUND_RTP, "o",
                Map.of("mediaType", "audio", "bytesSent", 10L))));
        assertThat(stats.audioBytesSent()).isEqualTo(10);
        assertThat(stats.videoBytesSent()).isZero();
    }

    private static RTCStats stats(RTCStatsType type, String id, Map<String, Object> attributes) {
        return new RTCStats(0, type, id, attributes) {
        };
    }
}
