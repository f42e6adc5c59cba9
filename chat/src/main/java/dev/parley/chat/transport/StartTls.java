package dev.parley.chat.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;

/**
 * The TLS upgrade of an XMPP-over-TCP connection (RFC 6120 §5.4.3.3): the {@code <proceed/>} goes out in
 * clear, then a TLS handler is put at the front of the connection's pipeline and the client's handshake runs.
 *
 * <p>Why not {@code NetSocket.upgradeToSsl}: when one port is served on several event loops, Vert.x 5.1 gives
 * the sockets of every server but the first no TLS context for an upgrade (they fail with a
 * NullPointerException), so the upgrade is done here, on the Netty pipeline Vert.x exposes for this purpose
 * ({@link NetSocketInternal}), the way Vert.x does it itself: reading stops until the handler is in place, so
 * no byte of the handshake can be read as plain text. {@link NetSocket#isSsl()} is true afterwards.
 *
 * <p>Thread-safety: one shared, immutable TLS context; {@link #upgrade} runs on the socket's event loop.
 */
public final class StartTls {

    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final SslContext context;

    private StartTls(SslContext context) {
        this.context = context;
    }

    /** A TLS server context for the certificate; null when there is none (no STARTTLS is offered then). */
    public static StartTls of(Vertx vertx, KeyCertOptions certificate) {
        if (certificate == null) {
            return null;
        }
        try {
            return new StartTls(SslContextBuilder.forServer(certificate.getKeyManagerFactory(vertx)).build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the TLS certificate for STARTTLS: " + e.getMessage(), e);
        }
    }

    /** Writes {@code proceed}, then upgrades; completes on the socket's context when the handshake is done. */
    Future<Void> upgrade(NetSocket socket, String proceed) {
        Context vertxContext = Vertx.currentContext();
        Promise<Void> done = Promise.promise();
        ChannelHandlerContext handlerContext = ((NetSocketInternal) socket).channelHandlerContext();
        Channel channel = handlerContext.channel();
        channel.config().setAutoRead(false);
        socket.write(proceed).onComplete(written -> {
            if (written.failed()) {
                channel.config().setAutoRead(true);
                done.fail(written.cause());
                return;
            }
            SslHandler tls = context.newHandler(channel.alloc());
            tls.setHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            channel.pipeline().addFirst("ssl", tls);
            channel.config().setAutoRead(true);
            tls.handshakeFuture().addListener(handshake -> vertxContext.runOnContext(v -> {
                if (handshake.isSuccess()) {
                    done.complete();
                } else {
                    done.fail(handshake.cause());
                }
            }));
        });
        return done.future();
    }
}
