package dev.parley.media.rtp;

/**
 * The RTP header extensions Parley knows, by the URI that {@code a=extmap} (RFC 8285 §5) binds to an id.
 * Which id a URI has is per endpoint and negotiated in SDP, so packets are read through an id table, never a
 * fixed id.
 */
public enum RtpExtension {
    /** RFC 6464: the audio level of the packet and a voice activity flag. */
    SSRC_AUDIO_LEVEL("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: one sequence number for every stream of a transport. */
    TRANSPORT_CC("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    /** The sender's 6.18 fixed-point send time, used by receive-side bandwidth estimation (REMB). */
    ABS_SEND_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    /** RFC 5450: transmission time offset. */
    TOFFSET("urn:ietf:params:rtp-hdrext:toffset"),
    /** 3GPP TS 26.114 §7.4.5: the rotation a receiver applies to the video. */
    VIDEO_ORIENTATION("urn:3gpp:video-orientation"),
    PLAYOUT_DELAY("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"),
    VIDEO_CONTENT_TYPE("http://www.webrtc.org/experiments/rtp-hdrext/video-content-type"),
    VIDEO_TIMING("http://www.webrtc.org/experiments/rtp-hdrext/video-timing"),
    COLOR_SPACE("http://www.webrtc.org/experiments/rtp-hdrext/color-space"),
    ABS_CAPTURE_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time"),
    /** The AV1 RTP specification's dependency descriptor (appendix A). */
    DEPENDENCY_DESCRIPTOR("https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension"),
    /** RFC 9143 §15.2 (BUNDLE): the media section a packet belongs to. */
    SDES_MID("urn:ietf:params:rtp-hdrext:sdes:mid"),
    /** RFC 8852 §3.1: the simulcast stream id. */
    SDES_RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    /** RFC 8852 §3.2: the stream id an RTX stream repairs. */
    SDES_REPAIRED_RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");

    private static final RtpExtension[] VALUES = values();

    private final String uri;

    RtpExtension(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** The extension with this URI, or null when Parley does not know it. */
    public static RtpExtension ofUri(String uri) {
        for (RtpExtension extension : VALUES) {
            if (extension.uri.equals(uri)) {
                return extension;
            }
        }
        return null;
    }
}
