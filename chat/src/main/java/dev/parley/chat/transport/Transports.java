package dev.parley.chat.transport;

import dev.parley.chat.session.ChatContext;
import dev.parley.chat.session.ClientSession;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.ServerSSLOptions;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Wraps new connections in a transport and a session; called on the connection's event loop. */
public final class Transports {

    private Transports() {
    }

    public static void acceptTcp(ChatContext chat, NetSocket socket, ServerSSLOptions tls) {
        boolean loopback = isLoopback(socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress());
        boolean requireTls = chat.settings().tcpRequireTls() && !(chat.settings().tcpAllowPlaintextLoopback() && loopback);
        TcpTransport transport = new TcpTransport(socket, tls, requireTls, chat.settings().maxStanzaSize());
        transport.attach(new ClientSession(chat, Vertx.currentContext(), transport));
    }

    public static void acceptWebSocket(ChatContext chat, ServerWebSocket socket) {
        WebSocketTransport transport = new WebSocketTransport(socket, chat.settings().maxStanzaSize());
        transport.attach(new ClientSession(chat, Vertx.currentContext(), transport));
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
