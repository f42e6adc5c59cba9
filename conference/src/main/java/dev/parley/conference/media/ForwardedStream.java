package dev.parley.conference.media;

import java.util.Map;

/**
 * A stream Parley sends to a subscriber: the subscriber's mid for it, where it comes from (a publisher's endpoint and
 * that publisher's mid), the SSRCs and CNAME Parley announced for it in its offer, and what the subscriber's answer
 * accepted: the codec with its payload type, the retransmission payload type (-1 when not accepted) and the header
 * extension ids. The media plane rewrites payload types, SSRCs, sequence numbers, timestamps and extension ids from
 * the publisher's values to these.
 */
public record ForwardedStream(String mid, PublisherEndpoint source, String sourceMid, long ssrc, long rtxSsrc,
                              String cname, Codec codec, int rtxPayloadType, Map<HeaderExtension, Integer> extensions) {

    public ForwardedStream {
        extensions = Map.copyOf(extensions);
    }
}
