package dev.parley.chat.transport;

import dev.parley.chat.session.ChatContext;
import dev.parley.chat.session.ClientSession;
import dev.parley.common.limit.ConnectionLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Wraps new connections in a transport and a session; called on the connection's event loop. */
public final class Transports {

    private Transports() {
    }

    /**
     * @param connections the per-address cap the connection counts against while open, or null for none: a
     *                    connection beyond it is closed at once
     */
    public static void acceptTcp(ChatContext chat, NetSocket socket, StartTls tls, ConnectionLimiter connections) {
        String address = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        if (connections != null && !connections.tryOpen(address)) {
            socket.close();
            return;
        }
        boolean requireTls = chat.settings().tcpRequireTls() && !(chat.settings().tcpAllowPlaintextLoopback() && isLoopback(address));
        TcpTransport transport = new TcpTransport(socket, tls, requireTls, chat.settings().xmlLimits(),
                connections == null ? () -> { } : () -> connections.closed(address));
        transport.attach(new ClientSession(chat, Vertx.currentContext(), transport), throttle(chat, socket::pause, socket::resume));
    }

    public static void acceptWebSocket(ChatContext chat, ServerWebSocket socket) {
        WebSocketTransport transport = new WebSocketTransport(socket, chat.settings().xmlLimits());
        transport.attach(new ClientSession(chat, Vertx.currentContext(), transport), throttle(chat, socket::pause, socket::resume));
    }

    private static InboundThrottle throttle(ChatContext chat, Runnable pause, Runnable resume) {
        return new InboundThrottle(chat.vertx(), chat.clock(), chat.settings().inboundBytesBurst(),
                chat.settings().inboundBytesPerSecond(), pause, resume);
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
