package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.HeaderExtension;

import java.util.Map;

/**
 * What a subscriber's answer accepted for one slot: the codec with the payload type the subscriber expects, its RTX
 * payload type (-1 when not accepted) and the header extension ids it kept.
 */
public record AcceptedStream(String mid, Codec codec, int rtxPayloadType, Map<HeaderExtension, Integer> extensions) {

    public AcceptedStream {
        extensions = Map.copyOf(extensions);
    }
}
