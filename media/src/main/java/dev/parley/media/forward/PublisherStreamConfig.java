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
 * @param rid the simulcast layer's RID ({@code a=rid}, RFC 8851), or empty; a layer announced by RID alone has
 *     SSRC 0 and no RTX SSRC here, and learns both from the {@code rtp-stream-id} and {@code repaired-rtp-stream-id}
 *     header extensions of its first packets (RFC 8852)
 */
public record PublisherStreamConfig(MediaKind kind, int ssrc, OptionalInt rtxSsrc, List<PayloadFormat> formats,
        Map<Integer, Integer> rtxPayloadTypes, boolean nack, KeyframeRequestMethod keyframeRequest, String rid) {

    /** A stream known by its SSRCs, without a RID. */
    public PublisherStreamConfig(MediaKind kind, int ssrc, OptionalInt rtxSsrc, List<PayloadFormat> formats,
            Map<Integer, Integer> rtxPayloadTypes, boolean nack, KeyframeRequestMethod keyframeRequest) {
        this(kind, ssrc, rtxSsrc, formats, rtxPayloadTypes, nack, keyframeRequest, "");
    }

    public PublisherStreamConfig {
        // RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_"); 16 bytes fit the one-byte extension form.
        if (rid.length() > 16 || !rid.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'
                || c == '_'))) {
            throw new IllegalArgumentException("a RID is up to 16 letters, digits, '-' or '_', got " + rid);
        }
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
