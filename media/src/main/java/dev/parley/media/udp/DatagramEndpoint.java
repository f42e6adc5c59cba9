package dev.parley.media.udp;

import dev.parley.media.stun.StunMessage;

import java.net.InetSocketAddress;

/**
 * What the demultiplexer hands a transport's datagrams to. Called on the media event loop; every
 * buffer is lent for the call only (the loop reuses it for the next datagram), so an endpoint copies
 * what it keeps.
 */
public interface DatagramEndpoint {

    /** A STUN message routed here by its USERNAME (requests) or by its sender's address. */
    void onStun(StunMessage message, InetSocketAddress from);

    void onDtls(byte[] buf, int off, int len, InetSocketAddress from);

    void onRtp(byte[] buf, int off, int len, InetSocketAddress from);

    void onRtcp(byte[] buf, int off, int len, InetSocketAddress from);
}
