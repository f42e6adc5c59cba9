package dev.parley.media;

import dev.parley.media.tcp.TcpPath;
import dev.parley.media.udp.DatagramSender;
import dev.parley.media.udp.PacketKind;

import java.net.InetSocketAddress;

/**
 * Where a transport's packets go: the peer's address, over the media UDP port or, when the selected pair is an
 * ICE-TCP one, over that connection. Immutable, so the DTLS thread reads one consistent choice.
 *
 * @param tcp the connection, or null for UDP
 */
record SelectedPath(InetSocketAddress address, TcpPath tcp) {

    boolean send(DatagramSender udp, byte[] buf, int off, int len, PacketKind kind) {
        return tcp != null ? tcp.send(buf, off, len, kind) : udp.send(buf, off, len, address, kind);
    }

    @Override
    public String toString() {
        return (tcp != null ? "tcp " : "udp ") + address;
    }
}
