package dev.parley.media.udp;

import dev.parley.media.stun.StunMessage;
import dev.parley.media.tcp.TcpPath;

import java.net.InetSocketAddress;

/**
 * What the demultiplexer (and an ICE-TCP connection) hands a transport's packets to. Called on the media event loop; every
 * buffer is lent for the call only (the loop reuses it for the next datagram), so an endpoint copies
 * what it keeps.
 */
public interface DatagramEndpoint {

    /**
     * Whether {@code request}'s USERNAME names this endpoint (its local ufrag, of any generation it answers): a check
     * from an address it already has is routed here without a lookup by ufrag.
     */
    default boolean isNamedBy(StunMessage request) {
        return false;
    }

    /**
     * A STUN message routed here by its USERNAME (requests) or by its sender's address. The view is lent for the
     * call (the loop reads the next message into it).
     */
    void onStun(StunMessage message, InetSocketAddress from);

    /**
     * A Binding request that came over an ICE-TCP connection (RFC 6544), routed here by its USERNAME; the answer
     * goes back over {@code path}, and a valid check attaches the connection to this endpoint.
     */
    void onStun(StunMessage message, TcpPath path);

    /** An ICE-TCP connection attached to this endpoint closed. */
    void onPathClosed(TcpPath path);

    void onDtls(byte[] buf, int off, int len, InetSocketAddress from);

    void onRtp(byte[] buf, int off, int len, InetSocketAddress from);

    void onRtcp(byte[] buf, int off, int len, InetSocketAddress from);
}
