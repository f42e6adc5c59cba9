package dev.parley.sdk.media;

import java.util.List;

/**
 * Where a peer connection's STUN/TURN servers come from, asked each time one is created: a fixed list, or one that
 * changes because TURN credentials expire ({@code dev.parley.sdk.RestIceServers} fetches Parley's
 * {@code GET /ice_servers}). Called on the SDK thread: an implementation answers from what it has and does slow work
 * elsewhere, or bounds it.
 */
@FunctionalInterface
public interface IceServerSource {

    /** The servers for a peer connection created now. */
    List<IceServer> iceServers();

    /** Always the same servers. */
    static IceServerSource of(List<IceServer> servers) {
        List<IceServer> fixed = List.copyOf(servers);
        return () -> fixed;
    }
}
