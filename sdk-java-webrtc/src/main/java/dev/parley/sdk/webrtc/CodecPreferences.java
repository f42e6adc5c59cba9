package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.List;

import dev.onvoid.webrtc.RTCRtpCodecCapability;

/** Puts the codecs a peer prefers first, in its order, ahead of everything else WebRTC offers. */
final class CodecPreferences {

    private CodecPreferences() {
    }

    /**
     * {@code available} reordered: the codecs named in {@code preferred} (case-insensitive, SDP
     * names such as {@code VP8} or {@code opus}; every profile of a name) in that order, then the
     * rest (other codecs, RTX, FEC) as they were. Empty when none of the names is available, which
     * leaves WebRTC's own order.
     */
    static List<RTCRtpCodecCapability> order(List<RTCRtpCodecCapability> available, List<String> preferred) {
        List<RTCRtpCodecCapability> ordered = new ArrayList<>();
        for (String name : preferred) {
            for (RTCRtpCodecCapability codec : available) {
                if (codec.getName().equalsIgnoreCase(name) && !ordered.contains(codec)) ordered.add(codec);
            }
        }
        if (ordered.isEmpty()) return List.of();
        for (RTCRtpCodecCapability codec : available) {
            if (!ordered.contains(codec)) ordered.add(codec);
        }
        return ordered;
    }
}
