package dev.parley.media.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The media port: one UDP socket on a Netty event loop of one thread, epoll's
 * {@link EpollDatagramChannel} when the native transport loads, NIO otherwise.
 *
 * <p>Threading: the loop's thread runs the whole per-packet path: it copies each datagram into one
 * receive array it owns and lends that array, through the {@link Demultiplexer}, to the transport the
 * datagram belongs to and on to the transport's packet receiver, synchronously; when the call returns
 * the array is the loop's again. Nothing on that path blocks or takes a lock. Sends on the loop copy the
 * caller's bytes into one of the socket's reusable {@link SendEnvelopes} (a {@link DatagramPacket} with its own
 * direct buffer, back in the pool when Netty releases it after the write); sends from other threads (the DTLS
 * session threads), larger than an envelope's buffer or with every envelope in flight allocate a buffer and a
 * {@link DatagramPacket} as before. Writes leave in batches ({@link SendBatcher}): at the end of a read burst or
 * of a task, and every 32 writes; a batch is one sendmmsg with epoll.
 *
 * <p>Per datagram sent from the loop nothing is allocated ({@code SendAllocationTest}) but, in epoll's sendmmsg,
 * Netty's 4-byte copy of the recipient's address, which the JIT's escape analysis removes. With epoll the socket is
 * read by {@link NativeDatagramReader} (recvmmsg through the foreign function API, on the same loop), which
 * allocates nothing per datagram but the address of a sender not seen lately ({@code ReceiveAllocationTest}); Netty's
 * read (NIO, or where that reader cannot start) allocates a {@link DatagramPacket} and the sender's address per
 * datagram.
 */
public final class MediaSocket implements DatagramSender, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSocket.class);
    /**
     * Send envelopes in flight at most, made as needed (1.5 MB of buffers at most): writes leave every 32 at the
     * latest, so more are in flight only while the kernel takes datagrams slower than they come; those allocate.
     */
    static final int SEND_ENVELOPES = 1024;
    /** The envelopes' buffers: an Ethernet MTU (SRTP and DTLS from WebRTC stay within it); larger sends allocate. */
    static final int ENVELOPE_BUFFER_SIZE = 1500;

    private final EventLoopGroup group;
    private final Channel channel;
    private final DatagramCounters counters;
    private final boolean epoll;
    private final EventLoop loop;
    /** The loop's send envelopes; sends from other threads make a new {@link DatagramPacket}. */
    private final SendEnvelopes envelopes;
    /** The socket's own reader and its registration with the loop, null while Netty reads. */
    private volatile NativeDatagramReader reader;
    private volatile IoRegistration registration;

    private MediaSocket(EventLoopGroup group, Channel channel, DatagramCounters counters, boolean epoll) {
        this.group = group;
        this.channel = channel;
        this.counters = counters;
        this.epoll = epoll;
        this.loop = channel.eventLoop();
        this.envelopes = new SendEnvelopes(loop, channel.alloc(), SEND_ENVELOPES, ENVELOPE_BUFFER_SIZE);
    }

    /**
     * Binds {@code host:port} (port 0: a free one). Datagrams go to {@code demultiplexer}, once bound.
     *
     * @param maxDatagram      larger datagrams are dropped and counted
     * @param socketBufferSize SO_RCVBUF and SO_SNDBUF (the kernel may cap them)
     * @param sendQueueLimit   bytes queued for sending beyond which sends are dropped
     */
    public static MediaSocket bind(String host, int port, int maxDatagram, int socketBufferSize, int sendQueueLimit,
            Demultiplexer demultiplexer, DatagramCounters counters) throws InterruptedException {
        return bind(host, port, maxDatagram, socketBufferSize, sendQueueLimit, demultiplexer, counters, Epoll.isAvailable());
    }

    /** As above, on epoll or (for tests) NIO. */
    static MediaSocket bind(String host, int port, int maxDatagram, int socketBufferSize, int sendQueueLimit,
            Demultiplexer demultiplexer, DatagramCounters counters, boolean epoll) throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-media", true), io);
        SendBatcher batcher = new SendBatcher();
        Receiver receiver = new Receiver(maxDatagram, demultiplexer, counters, batcher);
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, socketBufferSize)
                    .option(ChannelOption.SO_SNDBUF, socketBufferSize)
                    // One byte more than the bound: a datagram that fills the buffer was larger than allowed.
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram + 1))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(sendQueueLimit / 2, sendQueueLimit))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(batcher, receiver);
                        }
                    })
                    .bind(host, port).sync().channel();
            MediaSocket socket = new MediaSocket(group, channel, counters, epoll);
            if (epoll) {
                socket.readNatively(maxDatagram, receiver);
            }
            return socket;
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * Reads the socket with {@link NativeDatagramReader} from now on (Netty's channel only sends), or, when that
     * cannot be set up, goes on reading through Netty and says why.
     */
    private void readNatively(int maxDatagram, Receiver receiver) throws InterruptedException {
        String unavailable = NativeDatagramReader.unavailableReason();
        if (unavailable != null) {
            LOG.info("media socket read through Netty: {}", unavailable);
            return;
        }
        NativeDatagramReader created = null;
        IoRegistration registered = null;
        try {
            created = new NativeDatagramReader(((EpollDatagramChannel) channel).fd().intValue(), maxDatagram, loop,
                    receiver);
            channel.config().setAutoRead(false);
            registered = ((IoEventLoop) loop).register(created).sync().getNow();
            IoRegistration forInput = registered;
            loop.submit(() -> forInput.submit(EpollIoOps.EPOLLIN)).sync();
            reader = created;
            registration = registered;
        } catch (RuntimeException e) {
            LOG.warn("media socket read through Netty: its own reader did not start", e);
            channel.config().setAutoRead(true);
            if (created != null) {
                stop(created, registered);
            }
        }
    }

    /** Takes {@code ownReader} off the loop ({@code registered} may be null) and closes it, on the loop. */
    private void stop(NativeDatagramReader ownReader, IoRegistration registered) {
        try {
            loop.submit(() -> {
                if (registered != null) {
                    registered.cancel();
                }
                ownReader.close();
            }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            ownReader.close(); // the loop is gone, and its registrations with it
        }
    }

    /** Whether datagrams are read by Parley's own reader ({@link NativeDatagramReader}) rather than by Netty. */
    public boolean readsNatively() {
        return reader != null;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The one thread the per-packet path and the transports' timers run on. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Whether the native epoll transport is in use (NIO otherwise). */
    public boolean epoll() {
        return epoll;
    }

    @Override
    public boolean send(byte[] buf, int off, int len, InetSocketAddress to, PacketKind kind) {
        if (!channel.isActive() || !channel.isWritable()) {
            counters.dropped(DropReason.SEND_QUEUE_FULL);
            return false;
        }
        DatagramPacket packet = loop.inEventLoop() ? envelopes.take(buf, off, len, to) : null;
        if (packet == null) {
            ByteBuf out = channel.alloc().directBuffer(len, len);
            out.writeBytes(buf, off, len);
            packet = new DatagramPacket(out, to);
        }
        channel.writeAndFlush(packet, channel.voidPromise());
        counters.sent(kind, len);
        return true;
    }

    /** For tests, on the loop: the send envelopes made so far and how many of them are free now. */
    int[] sendEnvelopes() {
        return new int[] {envelopes.created(), envelopes.free()};
    }

    @Override
    public void close() {
        if (reader != null) {
            stop(reader, registration); // its duplicate of the descriptor would keep the port bound
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            // Closing the channel gave back the envelopes it held; their buffers are freed on the loop.
            loop.submit(envelopes::close).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // The loop is already gone, and with it the buffers' last users.
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * The per-packet entry: size check, copy into the loop's array, demultiplex; for Netty's read, or as the sink of
     * the socket's own reader, which has copied the datagram already.
     */
    private static final class Receiver extends SimpleChannelInboundHandler<DatagramPacket>
            implements NativeDatagramReader.Sink {

        private final int maxDatagram;
        private final Demultiplexer demultiplexer;
        private final DatagramCounters counters;
        private final SendBatcher batcher;
        /** Owned by the loop; lent to one datagram's processing at a time. */
        private final byte[] receiveBuffer;

        Receiver(int maxDatagram, Demultiplexer demultiplexer, DatagramCounters counters, SendBatcher batcher) {
            this.maxDatagram = maxDatagram;
            this.demultiplexer = demultiplexer;
            this.counters = counters;
            this.batcher = batcher;
            this.receiveBuffer = new byte[maxDatagram];
        }

        @Override
        public void datagram(byte[] buf, int length, InetSocketAddress sender) {
            try {
                demultiplexer.dispatch(buf, 0, length, sender);
            } catch (RuntimeException e) {
                LOG.warn("media datagram processing failed", e); // a bug in one transport; the others go on
            }
        }

        @Override
        public void oversize() {
            counters.dropped(DropReason.OVERSIZE);
        }

        @Override
        public void burstStarted() {
            batcher.readStarted();
        }

        @Override
        public void burstEnded() {
            batcher.readFinished();
        }

        @Override
        public void failed(int errno) {
            LOG.warn("media socket: reads keep failing (errno {})", errno);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length > maxDatagram) {
                oversize();
                return;
            }
            content.getBytes(content.readerIndex(), receiveBuffer, 0, length);
            datagram(receiveBuffer, length, packet.sender());
        }

        /**
         * A datagram the kernel would not send (no route to a peer whose network went away; its transport's consent
         * runs out soon) is counted, since a dead peer's packets would otherwise log a line each; any other failure
         * on one datagram (a bug in its transport) is logged. The socket goes on serving the others either way.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                counters.dropped(DropReason.SEND_FAILED);
                LOG.debug("media datagram not sent", cause);
            } else {
                LOG.warn("media datagram processing failed", cause);
            }
        }
    }
}
