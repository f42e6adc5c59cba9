package dev.parley.media.udp;

import java.net.InetSocketAddress;

/** Sends a datagram from the media port. */
public interface DatagramSender {

    /**
     * Sends {@code buf[off, off+len)} to {@code to}; the bytes are copied before this returns, so the
     * caller keeps and may reuse its buffer. Returns false when dropped (send queue over its limit, or
     * the socket closed). Callable from any thread; cheapest on the media event loop.
     */
    boolean send(byte[] buf, int off, int len, InetSocketAddress to, PacketKind kind);
}
