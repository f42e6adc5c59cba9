package dev.parley.media.rtp;

import java.util.Locale;

/**
 * Tells from an RTP payload whether the packet starts a keyframe: the point from which a receiver that saw
 * nothing before can decode. The one place where forwarding looks into a codec's payload. Implementations are
 * stateless and read the payload in place; the caller keeps the array.
 */
public interface KeyframeDetector {

    /** Audio, and video codecs Parley cannot parse: any packet is a place to start. */
    KeyframeDetector ANY_PACKET = (buf, off, len) -> true;

    /** Whether the payload at {@code off}, {@code len} bytes long, begins a keyframe. Never throws. */
    boolean isKeyframeStart(byte[] buf, int off, int len);

    /** The detector for an SDP encoding name ({@code a=rtpmap}), case-insensitive. */
    static KeyframeDetector forEncoding(String encodingName) {
        return switch (encodingName.toUpperCase(Locale.ROOT)) {
            case "VP8" -> Vp8Keyframes.INSTANCE;
            case "VP9" -> Vp9Keyframes.INSTANCE;
            case "H264" -> H264Keyframes.INSTANCE;
            case "AV1" -> Av1Keyframes.INSTANCE;
            default -> ANY_PACKET;
        };
    }
}
