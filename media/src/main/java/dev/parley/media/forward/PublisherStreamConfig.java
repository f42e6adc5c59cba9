package dev.parley.media.forward;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One stream a publisher sends, from its SDP: what the conference layer tells the room when it publishes.
 *
 * @param kind audio or video
 * @param ssrc the media SSRC ({@code a=ssrc})
 * @param rtxSsrc the RTX SSRC of {@code a=ssrc-group:FID}, if the publisher negotiated RTX (RFC 4588 §8)
 * @param formats the payload types it may send
 * @param rtxPayloadTypes RTX payload type to the payload type it repairs ({@code a=fmtp:<rtx> apt=<pt>})
 * @param nack whether it accepts generic NACKs ({@code a=rtcp-fb:<pt> nack})
 * @param keyframeRequest how to ask it for a keyframe (video)
 */
public record PublisherStreamConfig(MediaKind kind, int ssrc, OptionalInt rtxSsrc, List<PayloadFormat> formats,
        Map<Integer, Integer> rtxPayloadTypes, boolean nack, KeyframeRequestMethod keyframeRequest) {

    public PublisherStreamConfig {
        formats = List.copyOf(formats);
        rtxPayloadTypes = Map.copyOf(rtxPayloadTypes);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("a publisher stream has at least one payload format");
        }
        if (rtxSsrc.isPresent() && rtxSsrc.getAsInt() == ssrc) {
            throw new IllegalArgumentException("the RTX SSRC differs from the media SSRC");
        }
        for (Map.Entry<Integer, Integer> rtx : rtxPayloadTypes.entrySet()) {
            int original = rtx.getValue();
            boolean repairsAFormat = formats.stream().anyMatch(f -> f.payloadType() == original);
            if (rtx.getKey() < 0 || rtx.getKey() > 127 || !repairsAFormat) {
                throw new IllegalArgumentException("RTX payload type " + rtx.getKey() + " repairs unknown type "
                        + original);
            }
        }
    }
}
