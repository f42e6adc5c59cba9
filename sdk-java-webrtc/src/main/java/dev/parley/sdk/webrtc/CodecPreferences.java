package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;

/** Puts the codecs a peer prefers first, in its order, ahead of everything else WebRTC offers. */
final class CodecPreferences {

    private static final int VIDEO_CLOCK_RATE = 90_000;

    private CodecPreferences() {
    }

    /**
     * {@code available} reordered: the codecs named in {@code preferred} (case-insensitive SDP
     * names such as {@code VP8} or {@code opus}; every profile of a name) in that order, then the
     * rest (other codecs, RTX, FEC) as they were. Empty when none of the names is known, which
     * leaves WebRTC's own order.
     *
     * <p>webrtc-java 0.14.0 lists VP8 under the name {@code rtx} in the capabilities, so a video
     * codec named but not listed is described from its name (WebRTC matches it by name and clock
     * rate); the mislabelled entry stays among the rest.
     */
    static List<RTCRtpCodecCapability> order(MediaType kind, List<RTCRtpCodecCapability> available, List<String> preferred) {
        List<RTCRtpCodecCapability> ordered = new ArrayList<>();
        for (String name : preferred) {
            List<RTCRtpCodecCapability> matching = available.stream().filter(c -> c.getName().equalsIgnoreCase(name)).toList();
            if (!matching.isEmpty()) {
                matching.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
            } else if (kind == MediaType.VIDEO) {
                ordered.add(new RTCRtpCodecCapability(MediaType.VIDEO, name, VIDEO_CLOCK_RATE, null, Map.of()));
            }
        }
        if (ordered.isEmpty()) return List.of();
        for (RTCRtpCodecCapability codec : available) {
            if (!ordered.contains(codec)) ordered.add(codec);
        }
        return ordered;
    }
}
