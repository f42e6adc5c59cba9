package dev.parley.sdk.media;

import java.util.List;

/**
 * How to make a peer connection: ICE servers, the codecs to prefer in order (names as in SDP,
 * e.g. {@code VP8}, {@code H264}, {@code opus}; empty = the engine's default order), and how many
 * simulcast layers (RFC 8853) to send local video in: 1 = one encoding; 2 or 3 = that many, each half
 * the size of the one above, so that an SFU can give each subscriber the layer that fits it.
 */
public record PeerOptions(List<IceServer> iceServers, List<String> videoCodecs, List<String> audioCodecs,
                          int videoLayers) {

    /** The most simulcast layers an SFU takes (Parley's and Janus's video rooms: 3). */
    public static final int MAX_VIDEO_LAYERS = 3;

    public PeerOptions {
        iceServers = List.copyOf(iceServers);
        videoCodecs = List.copyOf(videoCodecs);
        audioCodecs = List.copyOf(audioCodecs);
        if (videoLayers < 1 || videoLayers > MAX_VIDEO_LAYERS) {
            throw new IllegalArgumentException("video layers must be 1.." + MAX_VIDEO_LAYERS + ": " + videoLayers);
        }
    }

    /** One video encoding (no simulcast): peer-to-peer calls. */
    public PeerOptions(List<IceServer> iceServers, List<String> videoCodecs, List<String> audioCodecs) {
        this(iceServers, videoCodecs, audioCodecs, 1);
    }
}
