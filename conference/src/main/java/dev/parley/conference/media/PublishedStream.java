package dev.parley.conference.media;

import java.util.List;
import java.util.Map;

/**
 * A stream a publisher sends to Parley, as Parley's answer accepted it: its mid, kind, the one codec Parley chose
 * (with the publisher's payload type), the retransmission payload type paired with it (RFC 4588 §8.6; -1 when the
 * publisher offered none), the header extensions and their ids on this stream, and the SSRCs the offer announced
 * ({@code a=ssrc}, {@code a=ssrc-group:FID}; -1 when it announced none, in which case the media plane learns them from
 * the mid header extension); for simulcast video, its layers, lowest first (up to three; empty without simulcast,
 * and the SSRCs above then those of the highest layer, or -1 for RID layers).
 */
public record PublishedStream(String mid, MediaKind kind, Codec codec, int rtxPayloadType,
                             Map<HeaderExtension, Integer> extensions, long ssrc, long rtxSsrc,
                             List<SimulcastLayer> simulcast) {

    public PublishedStream {
        extensions = Map.copyOf(extensions);
        simulcast = List.copyOf(simulcast);
    }

    /** A stream sent in one encoding. */
    public PublishedStream(String mid, MediaKind kind, Codec codec, int rtxPayloadType,
                           Map<HeaderExtension, Integer> extensions, long ssrc, long rtxSsrc) {
        this(mid, kind, codec, rtxPayloadType, extensions, ssrc, rtxSsrc, List.of());
    }
}
