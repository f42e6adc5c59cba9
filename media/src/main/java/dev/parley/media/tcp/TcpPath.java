package dev.parley.media.tcp;

import dev.parley.media.udp.DatagramEndpoint;
import dev.parley.media.udp.PacketKind;

import java.net.InetSocketAddress;

/**
 * One ICE-TCP connection as a transport sees it (RFC 6544): a candidate pair's path to the peer that carries
 * RFC 4571 frames. It belongs to no transport until a valid check over it {@linkplain #attach attaches} it; then
 * every packet it receives goes to that transport. Methods other than {@link #send} run on the media event loop.
 */
public interface TcpPath {

    /** The peer's end of the connection: its peer-reflexive candidate (RFC 6544 §7.2). */
    InetSocketAddress remoteAddress();

    /**
     * Sends {@code buf[off, off+len)} as one frame; the bytes are copied before this returns. False when dropped
     * (the connection's send queue is over its limit, counted; or the connection is closed). Any thread.
     */
    boolean send(byte[] buf, int off, int len, PacketKind kind);

    /** A valid check came over this connection: from now on it carries {@code endpoint}'s packets only. */
    void attach(DatagramEndpoint endpoint);

    /** Closes the connection (its transport closed, or forgot the path). */
    void close();
}
