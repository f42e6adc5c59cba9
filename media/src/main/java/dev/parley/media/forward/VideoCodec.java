package dev.parley.media.forward;

import java.util.Locale;

/**
 * The video codecs whose payloads forwarding reads for layers (VP8 and VP9 payload descriptors, RFC 7741 and RFC 9628;
 * AV1 OBU extension headers); others pass whole.
 */
enum VideoCodec {
    VP8, VP9, AV1, OTHER;

    static VideoCodec forEncoding(String encodingName) {
        return switch (encodingName.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VP8;
            case "VP9" -> VP9;
            case "AV1" -> AV1;
            default -> OTHER;
        };
    }
}
