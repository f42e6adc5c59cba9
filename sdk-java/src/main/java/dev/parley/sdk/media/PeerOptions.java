package dev.parley.sdk.media;

import java.util.List;

/**
 * How to make a peer connection: ICE servers, and the codecs to prefer in order (names as in SDP,
 * e.g. {@code VP8}, {@code H264}, {@code opus}; empty = the engine's default order).
 */
public record PeerOptions(List<IceServer> iceServers, List<String> videoCodecs, List<String> audioCodecs) {

    public PeerOptions {
        iceServers = List.copyOf(iceServers);
        videoCodecs = List.copyOf(videoCodecs);
        audioCodecs = List.copyOf(audioCodecs);
    }
}
