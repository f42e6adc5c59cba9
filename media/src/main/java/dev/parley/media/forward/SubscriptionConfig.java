package dev.parley.media.forward;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How one subscriber receives one publisher stream, from the SDP Parley offered it: the subscriber's own SSRCs
 * and payload types, so that its stream is independent of which publisher feeds it.
 *
 * @param ssrc the SSRC the subscriber sees ({@code a=ssrc} of the offer)
 * @param rtxSsrc its RTX SSRC if it accepted RTX; retransmissions then go as RTX, otherwise as plain packets
 * @param payloadTypes publisher payload type to the subscriber's, for each format both negotiated; packets of
 *        other types are not forwarded
 * @param rtxPayloadTypes subscriber payload type to its RTX payload type
 * @param mid the subscriber's media section ({@code a=mid}), written into the MID extension when negotiated;
 *        empty for none
 * @param cname the CNAME announced for this stream ({@code a=ssrc:<ssrc> cname:}), sent in SDES with sender
 *        reports; empty for none
 */
public record SubscriptionConfig(int ssrc, OptionalInt rtxSsrc, Map<Integer, Integer> payloadTypes,
        Map<Integer, Integer> rtxPayloadTypes, String mid, String cname) {

    /** RFC 8843 §16.2: a MID is a short token; the limit keeps it in the one-byte extension form. */
    public static final int MAX_MID_LENGTH = 16;

    public SubscriptionConfig {
        payloadTypes = Map.copyOf(payloadTypes);
        rtxPayloadTypes = Map.copyOf(rtxPayloadTypes);
        if (payloadTypes.isEmpty()) {
            throw new IllegalArgumentException("a subscription maps at least one payload type");
        }
        payloadTypes.forEach((from, to) -> requirePayloadType(from));
        payloadTypes.values().forEach(SubscriptionConfig::requirePayloadType);
        rtxPayloadTypes.forEach((media, rtx) -> {
            requirePayloadType(media);
            requirePayloadType(rtx);
        });
        if (mid.length() > MAX_MID_LENGTH || cname.length() > 255) {
            throw new IllegalArgumentException("a MID has at most 16 characters, a CNAME at most 255");
        }
    }

    private static void requirePayloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload types are 0-127, got " + payloadType);
        }
    }
}
