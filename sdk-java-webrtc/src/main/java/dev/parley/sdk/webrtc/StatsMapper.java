package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.parley.sdk.media.PeerStats;

/**
 * Sums an {@link RTCStatsReport} into a {@link PeerStats}: counters over every inbound and
 * outbound RTP stream of a kind, the loudest inbound audio level, the frame size of the inbound
 * video stream that decoded most, and the round-trip time of the selected candidate pair.
 */
final class StatsMapper {

    private StatsMapper() {
    }

    static PeerStats map(RTCStatsReport report) {
        return map(report.getTimestamp(), report.getStats().values());
    }

    /**
     * Splits a report by receiving m-line: each mid gets its inbound RTP entries (by their {@code mid}, or their
     * {@code trackIdentifier} through {@code midOfTrack}) with the report's other entries (transport, candidate
     * pairs: the round-trip time), outbound entries left out.
     */
    static Map<String, PeerStats> byMid(RTCStatsReport report, Map<String, String> midOfTrack) {
        return byMid(report.getTimestamp(), report.getStats().values(), midOfTrack);
    }

    static Map<String, PeerStats> byMid(long timestampUs, Iterable<RTCStats> stats, Map<String, String> midOfTrack) {
        Map<String, List<RTCStats>> inbound = new HashMap<>();
        List<RTCStats> shared = new ArrayList<>();
        for (RTCStats s : stats) {
            if (s.getType() == RTCStatsType.INBOUND_RTP) {
                Map<String, Object> a = s.getAttributes();
                Object mid = a.get("mid") != null ? a.get("mid") : midOfTrack.get(String.valueOf(a.get("trackIdentifier")));
                if (mid != null) inbound.computeIfAbsent(mid.toString(), m -> new ArrayList<>()).add(s);
            } else if (s.getType() != RTCStatsType.OUTBOUND_RTP) {
                shared.add(s);
            }
        }
        Map<String, PeerStats> byMid = new HashMap<>();
        inbound.forEach((mid, entries) -> {
            List<RTCStats> all = new ArrayList<>(entries);
            all.addAll(shared);
            byMid.put(mid, map(timestampUs, all));
        });
        return byMid;
    }

    static PeerStats map(long timestampUs, Iterable<RTCStats> stats) {
        Totals t = new Totals();
        Map<String, Map<String, Object>> pairs = new HashMap<>();
        String selectedPair = null;
        for (RTCStats s : stats) {
            Map<String, Object> a = s.getAttributes();
            RTCStatsType type = s.getType();
            if (type == RTCStatsType.INBOUND_RTP) {
                if (isAudio(a)) t.inboundAudio(a);
                else t.inboundVideo(a);
            } else if (type == RTCStatsType.OUTBOUND_RTP) {
                if (isAudio(a)) t.audioBytesSent += count(a, "bytesSent");
                else {
                    t.videoBytesSent += count(a, "bytesSent");
                    t.framesEncoded += count(a, "framesEncoded");
                }
            } else if (type == RTCStatsType.TRANSPORT && a.get("selectedCandidatePairId") != null) {
                selectedPair = a.get("selectedCandidatePairId").toString();
            } else if (type == RTCStatsType.CANDIDATE_PAIR) {
                pairs.put(s.getId(), a);
            }
        }
        return new PeerStats(timestampUs,
                t.audioBytesReceived, t.audioPacketsReceived, t.audioPacketsLost, t.audioLevel, t.totalAudioEnergy,
                t.videoBytesReceived, t.framesReceived, t.framesDecoded, t.frameWidth, t.frameHeight,
                t.audioBytesSent, t.videoBytesSent, t.framesEncoded,
                roundTripMs(pairs, selectedPair));
    }

    /** The selected pair's current RTT, else a nominated succeeded pair's; -1 when there is none. */
    private static double roundTripMs(Map<String, Map<String, Object>> pairs, String selectedPair) {
        Map<String, Object> pair = selectedPair == null ? null : pairs.get(selectedPair);
        if (pair == null) {
            pair = pairs.values().stream()
                    .filter(p -> Boolean.TRUE.equals(p.get("nominated")) && "succeeded".equals(String.valueOf(p.get("state"))))
                    .findFirst().orElse(null);
        }
        if (pair == null || !(pair.get("currentRoundTripTime") instanceof Number rtt)) return -1;
        return rtt.doubleValue() * 1000;
    }

    private static boolean isAudio(Map<String, Object> attributes) {
        Object kind = attributes.containsKey("kind") ? attributes.get("kind") : attributes.get("mediaType");
        return "audio".equals(String.valueOf(kind));
    }

    private static long count(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n.longValue() : 0;
    }

    private static double real(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n.doubleValue() : 0;
    }

    private static final class Totals {
        long audioBytesReceived;
        long audioPacketsReceived;
        long audioPacketsLost;
        double audioLevel;
        double totalAudioEnergy;
        long videoBytesReceived;
        long framesReceived;
        long framesDecoded;
        long mostFramesDecoded = -1;
        int frameWidth;
        int frameHeight;
        long audioBytesSent;
        long videoBytesSent;
        long framesEncoded;

        void inboundAudio(Map<String, Object> a) {
            audioBytesReceived += count(a, "bytesReceived");
            audioPacketsReceived += count(a, "packetsReceived");
            audioPacketsLost += count(a, "packetsLost");
            audioLevel = Math.max(audioLevel, real(a, "audioLevel"));
            totalAudioEnergy += real(a, "totalAudioEnergy");
        }

        void inboundVideo(Map<String, Object> a) {
            videoBytesReceived += count(a, "bytesReceived");
            framesReceived += count(a, "framesReceived");
            long decoded = count(a, "framesDecoded");
            framesDecoded += decoded;
            if (decoded > mostFramesDecoded) {
                mostFramesDecoded = decoded;
                frameWidth = (int) count(a, "frameWidth");
                frameHeight = (int) count(a, "frameHeight");
            }
        }
    }
}
