package dev.parley.media.forward;

import java.util.Locale;

/** The video codecs whose payload descriptors forwarding reads for layers (RFC 7741, RFC 9628); others pass whole. */
enum VideoCodec {
    VP8, VP9, OTHER;

    static VideoCodec forEncoding(String encodingName) {
        return switch (encodingName.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VP8;
            case "VP9" -> VP9;
            default -> OTHER;
        };
    }
}
