package dev.parley.media.tcp;

import dev.parley.common.time.Scheduler;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.Demultiplexer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SFU's ICE-TCP port (RFC 6544): a listening TCP socket for the passive host candidates, on the media event loop
 * (the one the UDP socket and every transport run on), so a connection's packets take the same path as datagrams.
 * Each connection's byte stream is cut into RFC 4571 frames (a 2-byte length, then one STUN, DTLS, RTP or RTCP
 * packet) by Netty's length-field decoder, then handled by an {@link IceTcpConnection}.
 *
 * <p>Bounds: a frame longer than {@code max-datagram-size} closes its connection, so what a connection buffers is
 * at most one frame plus one read (at most 64 KiB); the send queue of each connection is bounded by
 * {@code tcp-send-queue-limit}; connections waiting for a valid check are limited in number and time.
 */
public final class IceTcpListener implements AutoCloseable {

    /** RFC 4571 §2: a 16-bit length before each packet. */
    private static final int LENGTH_FIELD_BYTES = 2;
    private static final int MAX_READ_BYTES = 64 * 1024;

    private final Channel server;
    private final ChannelGroup connections;

    private IceTcpListener(Channel server, ChannelGroup connections) {
        this.server = server;
        this.connections = connections;
    }

    /**
     * Binds {@code host:port} (port 0: a free one) on {@code loop}.
     *
     * @throws IllegalStateException when the port cannot be bound (in use, say), naming the setting
     *
     * @param epoll          whether {@code loop} is an epoll loop (NIO otherwise), as the UDP socket's is
     * @param maxFrame       largest packet a frame may carry
     * @param sendQueueLimit bytes queued per connection beyond which its packets are dropped
     */
    public static IceTcpListener bind(String host, int port, EventLoop loop, boolean epoll, Scheduler scheduler, int maxFrame,
            Duration checkTimeout, int maxPending, int sendQueueLimit, Demultiplexer demultiplexer, DatagramCounters packets,
            TcpCounters counters) throws InterruptedException {
        TcpConnectionContext context = new TcpConnectionContext(scheduler, demultiplexer, packets, counters, maxFrame, checkTimeout, maxPending);
        ChannelGroup connections = new DefaultChannelGroup("parley-ice-tcp", loop);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loop, loop)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(sendQueueLimit / 2, sendQueueLimit))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        pipeline(ch.pipeline(), context);
                    }
                });
        try {
            return new IceTcpListener(bootstrap.bind(host, port).sync().channel(), connections);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the bind's IOException undeclared.
            throw new IllegalStateException("cannot listen for ICE-TCP on " + host + ":" + port + " (parley.media.tcp-port): " + e.getMessage(), e);
        }
    }

    /** A connection's handlers: RFC 4571 framing, then the connection; also what the unit tests run. */
    static void pipeline(ChannelPipeline pipeline, TcpConnectionContext context) {
        int maxFrame = context.receiveBuffer.length;
        pipeline.addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                new LengthFieldBasedFrameDecoder(maxFrame + LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, 0, LENGTH_FIELD_BYTES, true),
                new IceTcpConnection(context));
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops accepting and closes the connections left (their transports closed first, see the media server). */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> {
            for (Channel channel : List.copyOf(connections)) {
                IceTcpConnection connection = channel.pipeline().get(IceTcpConnection.class);
                if (connection != null) {
                    connection.close(TcpCloseReason.SERVER_CLOSED);
                }
            }
        }, server.eventLoop()).orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
