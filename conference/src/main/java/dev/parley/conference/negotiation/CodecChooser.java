package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;
import dev.parley.conference.sdp.Fmtp;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.RtcpFb;
import dev.parley.conference.sdp.RtpMap;
import dev.parley.conference.sdp.SdpException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the one codec of an offered m= section Parley will accept, with its RTX pairing (RFC 4588 §8.6) and the RTCP
 * feedback both sides support. Among several variants of a codec it prefers what every receiver decodes: H.264 with
 * packetization-mode 1 in the constrained baseline profile (RFC 6184 §8.1), VP9 profile 0, AV1 profile 0.
 */
final class CodecChooser {

    /** RTCP feedback the media plane answers or sends (RFC 4585, RFC 5104, REMB, transport-cc). */
    static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc");

    private CodecChooser() {
    }

    static Optional<CodecChoice> choose(MediaDescription section, List<String> preferences) throws SdpException {
        List<RtpMap> maps = section.rtpMaps();
        List<Integer> offered = section.payloadTypes();
        for (String name : preferences) {
            RtpMap best = null;
            int bestScore = -1;
            for (RtpMap map : maps) {
                if (!offered.contains(map.payloadType()) || !map.encoding().toLowerCase(Locale.ROOT).equals(name)) {
                    continue;
                }
                int score = score(name, section.fmtp(map.payloadType()).map(Fmtp::parameterMap).orElse(Map.of()));
                if (score > bestScore) {
                    best = map;
                    bestScore = score;
                }
            }
            if (best != null) {
                return Optional.of(new CodecChoice(codec(section, best), rtxFor(section, maps, best.payloadType())));
            }
        }
        return Optional.empty();
    }

    private static Codec codec(MediaDescription section, RtpMap map) throws SdpException {
        List<String> feedback = new ArrayList<>();
        for (RtcpFb fb : section.rtcpFeedback(map.payloadType())) {
            if (FEEDBACK.contains(fb.mechanism()) && !feedback.contains(fb.mechanism())) {
                feedback.add(fb.mechanism());
            }
        }
        String fmtp = section.fmtp(map.payloadType()).map(Fmtp::parameters).orElse("");
        return new Codec(map.payloadType(), map.encoding(), map.clockRate(), map.channels(), fmtp, feedback);
    }

    private static int rtxFor(MediaDescription section, List<RtpMap> maps, int payloadType) throws SdpException {
        List<Integer> offered = section.payloadTypes();
        for (RtpMap map : maps) {
            if (map.encoding().equalsIgnoreCase("rtx") && offered.contains(map.payloadType())) {
                Optional<Fmtp> fmtp = section.fmtp(map.payloadType());
                if (fmtp.isPresent() && String.valueOf(payloadType).equals(fmtp.get().parameterMap().get("apt"))) {
                    return map.payloadType();
                }
            }
        }
        return -1;
    }

    private static int score(String name, Map<String, String> fmtp) {
        return switch (name) {
            case "h264" -> ("1".equals(fmtp.get("packetization-mode")) ? 4 : 0)
                    + (fmtp.getOrDefault("profile-level-id", "").toLowerCase(Locale.ROOT).startsWith("42e0") ? 2 : 0)
                    + (fmtp.getOrDefault("profile-level-id", "").startsWith("42") ? 1 : 0);
            case "vp9" -> "0".equals(fmtp.getOrDefault("profile-id", "0")) ? 1 : 0;
            case "av1" -> "0".equals(fmtp.getOrDefault("profile", "0")) ? 1 : 0;
            default -> 0;
        };
    }
}
