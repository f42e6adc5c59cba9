package dev.parley.conference.media;

import java.util.List;

/**
 * One codec as negotiated on a stream: its RTP payload type, name, clock rate and channels ({@code a=rtpmap},
 * RFC 8866 §6.6), format parameters ({@code a=fmtp}, empty when none) and the RTCP feedback the peers agreed on
 * ({@code a=rtcp-fb}, RFC 4585 §4.2, e.g. {@code "nack pli"}).
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {

    public Codec {
        feedback = List.copyOf(feedback);
    }

    /** The codec's lower-case name as Janus's {@code codec} fields give it: opus, vp8, vp9, h264, av1. */
    public String janusName() {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
