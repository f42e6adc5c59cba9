package dev.parley.conference.media;

import java.util.Optional;

/**
 * The RTP header extensions (RFC 8285) Parley negotiates with publishers and subscribers; any other an offer names
 * is left out of the answer.
 */
public enum HeaderExtension {
    /** RFC 9143 §15: the m= section a packet belongs to, for BUNDLE demultiplexing. */
    MID("urn:ietf:params:rtp-hdrext:sdes:mid"),
    /** RFC 6464: the level of each audio packet, read for talking events. */
    AUDIO_LEVEL("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01: sequence numbers for transport-cc feedback. */
    TRANSPORT_CC("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    /** The send time REMB-based bandwidth estimation reads. */
    ABS_SEND_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    /**
     * The AV1 RTP specification's dependency descriptor (appendix A; video only): each packet's layer frame and its
     * start and end, what leaving out an SVC publisher's upper spatial layers needs, and what a receiver assembles
     * such a stream's frames by. Its template structure outgrows the one-byte form, hence extmap-allow-mixed.
     */
    DEPENDENCY_DESCRIPTOR("https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension"),
    /** RFC 8852 §3.1: the RID of a simulcast layer's packets, how the SFU learns the layer's SSRC (publishers only). */
    RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    /** RFC 8852 §3.2: the RID an RTX packet repairs, how the SFU learns a layer's RTX SSRC (publishers only). */
    REPAIRED_RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");

    private final String uri;

    HeaderExtension(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public static Optional<HeaderExtension> byUri(String uri) {
        for (HeaderExtension extension : values()) {
            if (extension.uri.equals(uri)) {
                return Optional.of(extension);
            }
        }
        return Optional.empty();
    }
}
