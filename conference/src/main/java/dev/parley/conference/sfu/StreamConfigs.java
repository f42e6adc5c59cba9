package dev.parley.conference.sfu;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.PublishedStream;
import dev.parley.media.forward.ExtensionMap;
import dev.parley.media.forward.KeyframeRequestMethod;
import dev.parley.media.forward.MediaKind;
import dev.parley.media.forward.PayloadFormat;
import dev.parley.media.forward.PublisherStreamConfig;
import dev.parley.media.forward.SubscriptionConfig;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The negotiated SDP, as the video room describes it, in the forwarding pipeline's terms: a publisher's stream (its
 * SSRCs, payload type, RTX pairing, feedback), a subscriber's stream (its SSRCs and payload types for the publisher's)
 * and the header extension ids of one transport. Stateless.
 */
final class StreamConfigs {

    private StreamConfigs() {
    }

    /**
     * What the room forwards from a publisher's stream, one config per simulcast layer (lowest first) or one for a
     * single encoding; empty when its offer announced neither SSRC (RFC 5576) nor RID layers: nothing would tell
     * its packets apart.
     */
    static List<PublisherStreamConfig> publisher(PublishedStream stream) {
        if (!stream.simulcast().isEmpty()) {
            return stream.simulcast().stream().map(layer -> config(stream, layer.ssrc(), layer.rtxSsrc(),
                    layer.rid())).toList();
        }
        if (stream.ssrc() < 0) {
            return List.of();
        }
        return List.of(config(stream, stream.ssrc(), stream.rtxSsrc(), ""));
    }

    /** One encoding's config: by SSRC, or by RID with its SSRCs to learn (-1 here). */
    private static PublisherStreamConfig config(PublishedStream stream, long ssrc, long rtxSsrc, String rid) {
        Codec codec = stream.codec();
        boolean rtxNegotiated = stream.rtxPayloadType() >= 0 && (rtxSsrc >= 0 || !rid.isEmpty());
        return new PublisherStreamConfig(kind(stream), ssrc < 0 ? 0 : (int) ssrc,
                rtxSsrc >= 0 ? OptionalInt.of((int) rtxSsrc) : OptionalInt.empty(),
                List.of(new PayloadFormat(codec.payloadType(), codec.name(), codec.clockRate())),
                rtxNegotiated ? Map.of(stream.rtxPayloadType(), codec.payloadType()) : Map.of(),
                codec.feedback().contains("nack"),
                // RFC 5104 §4.3.1: FIR only for a publisher that offered ccm fir and not PLI (RFC 4585 §6.3.1).
                !codec.feedback().contains("nack pli") && codec.feedback().contains("ccm fir")
                        ? KeyframeRequestMethod.FIR : KeyframeRequestMethod.PLI, rid);
    }

    /**
     * How a subscriber receives a stream: in the SSRCs Parley offered it, with the payload types its answer kept for
     * the publisher's codec (and RTX, when both have it), its mid and the feed's CNAME.
     */
    static SubscriptionConfig subscription(ForwardedStream forwarded, PublishedStream source) {
        int subscriberType = forwarded.codec().payloadType();
        boolean rtx = forwarded.rtxSsrc() >= 0 && forwarded.rtxPayloadType() >= 0;
        return new SubscriptionConfig((int) forwarded.ssrc(),
                rtx ? OptionalInt.of((int) forwarded.rtxSsrc()) : OptionalInt.empty(),
                Map.of(source.codec().payloadType(), subscriberType),
                rtx ? Map.of(subscriberType, forwarded.rtxPayloadType()) : Map.of(),
                forwarded.mid(), forwarded.cname());
    }

    /** One transport's header extension ids (the same in every m= section of a BUNDLE, RFC 8843 §9.2). */
    static ExtensionMap extensions(Collection<Map<HeaderExtension, Integer>> perStream) {
        Map<String, Integer> byUri = new HashMap<>();
        for (Map<HeaderExtension, Integer> extensions : perStream) {
            extensions.forEach((extension, id) -> byUri.putIfAbsent(extension.uri(), id));
        }
        return byUri.isEmpty() ? ExtensionMap.NONE : new ExtensionMap(byUri);
    }

    private static MediaKind kind(PublishedStream stream) {
        return switch (stream.kind()) {
            case AUDIO -> MediaKind.AUDIO;
            case VIDEO -> MediaKind.VIDEO;
        };
    }
}
