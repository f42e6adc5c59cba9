package dev.parley.sdk.media;

import java.util.List;

/** A STUN or TURN server ({@code username}/{@code credential} null for STUN). */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
    }
}
