package dev.parley.media.tcp;

import dev.parley.common.time.Scheduler;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.udp.DatagramEndpoint;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One accepted ICE-TCP connection (RFC 6544, passive side), after the RFC 4571 frame decoder: each frame is one
 * packet, classified as on UDP (RFC 7983).
 *
 * <p>Lifecycle: a new connection waits for a valid check, at most {@code tcp-check-timeout}, and counts against
 * {@code tcp-max-pending-connections} meanwhile (beyond it, it is closed at once). Only STUN is accepted then: a Binding
 * request goes to the transport its USERNAME names, whose ICE agent answers it over this connection; a valid one
 * {@linkplain #attach attaches} the connection to that transport (RFC 6544 §7.2: the check validates the pair, and the
 * connection is the pair). Anything but STUN closes the connection. Once attached, every packet goes to that transport,
 * which sends back over this connection while it is its selected path; when the transport closes it closes the
 * connection, and when the connection closes the transport hears {@link DatagramEndpoint#onPathClosed}.
 *
 * <p>Sending: one frame per packet, copied into a pooled buffer; when the connection's queue is over
 * {@code tcp-send-queue-limit} (the peer reads too slowly) the packet is dropped and counted, which keeps the framing
 * whole, as a full UDP send queue drops datagrams.
 *
 * <p>Threading: on the media event loop, like the transports ({@link #send} from any thread).
 */
final class IceTcpConnection extends SimpleChannelInboundHandler<ByteBuf> implements TcpPath {

    private static final Logger LOG = LoggerFactory.getLogger(IceTcpConnection.class);

    private final TcpConnectionContext context;
    /** The view each of the connection's STUN messages is read into. */
    private final StunMessage stun = new StunMessage();
    private Channel channel;
    private InetSocketAddress remote;
    private boolean pending;
    private Scheduler.Task checkTimer;
    private DatagramEndpoint endpoint;
    private TcpCloseReason closeReason;

    IceTcpConnection(TcpConnectionContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remote = (InetSocketAddress) channel.remoteAddress();
        context.connections.accepted();
        if (!context.admitPending()) {
            close(TcpCloseReason.TOO_MANY_PENDING);
            return;
        }
        pending = true;
        checkTimer = context.loop.schedule(() -> {
            if (endpoint == null) {
                close(TcpCloseReason.CHECK_TIMEOUT);
            }
        }, context.checkTimeout);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (closeReason != null) {
            return;
        }
        int length = frame.readableBytes();
        byte[] buf = context.receiveBuffer;
        frame.getBytes(frame.readerIndex(), buf, 0, length);
        PacketKind kind = PacketKind.classify(buf, 0, length);
        context.packets.received(kind, length);
        if (endpoint == null && kind != PacketKind.STUN) {
            close(TcpCloseReason.NOT_ICE);
            return;
        }
        switch (kind) {
            case STUN -> onStun(buf, length);
            case DTLS -> endpoint.onDtls(buf, 0, length, remote);
            case RTP -> endpoint.onRtp(buf, 0, length, remote);
            case RTCP -> endpoint.onRtcp(buf, 0, length, remote);
            case UNKNOWN -> context.packets.dropped(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private void onStun(byte[] buf, int length) {
        StunMessage message = stun;
        try {
            message.read(buf, 0, length);
        } catch (StunParseException e) {
            context.packets.dropped(DropReason.STUN_MALFORMED);
            return;
        }
        if (message.type() != StunMessageType.BINDING_REQUEST) {
            if (endpoint == null) {
                context.packets.dropped(DropReason.STUN_NOT_REQUEST);
            } else {
                endpoint.onStun(message, remote);
            }
            return;
        }
        DatagramEndpoint target = endpoint != null ? endpoint : context.demultiplexer.forUsername(message.username());
        if (target == null) {
            context.packets.dropped(DropReason.STUN_UNKNOWN_USERNAME);
            return;
        }
        target.onStun(message, this);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean send(byte[] buf, int off, int len, PacketKind kind) {
        Channel out = channel;
        if (out == null || !out.isActive()) {
            return false;
        }
        if (!out.isWritable()) {
            context.packets.dropped(DropReason.TCP_SEND_QUEUE_FULL);
            return false;
        }
        ByteBuf frame = out.alloc().directBuffer(len + 2, len + 2);
        frame.writeShort(len).writeBytes(buf, off, len);
        out.writeAndFlush(frame, out.voidPromise());
        context.packets.sent(kind, len);
        return true;
    }

    @Override
    public void attach(DatagramEndpoint checked) {
        if (endpoint != null || closeReason != null) {
            return;
        }
        endpoint = checked;
        leavePending();
    }

    @Override
    public void close() {
        close(TcpCloseReason.TRANSPORT_CLOSED);
    }

    /** Closes for {@code reason} (the first reason given is the one counted). */
    void close(TcpCloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
            channel.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closeReason == null) {
            closeReason = TcpCloseReason.PEER_CLOSED;
        }
        context.connections.closed(closeReason);
        leavePending();
        if (endpoint != null) {
            endpoint.onPathClosed(this);
        }
    }

    private void leavePending() {
        if (checkTimer != null) {
            checkTimer.cancel();
        }
        if (pending) {
            pending = false;
            context.pendingDone();
        }
    }

    /** A frame over the bound closes the connection (the stream cannot be resynchronised); so does a reset. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            close(TcpCloseReason.FRAME_TOO_LONG);
        } else if (cause instanceof IOException) {
            LOG.debug("ICE-TCP connection from {} failed", remote, cause);
            close(TcpCloseReason.PEER_CLOSED);
        } else {
            LOG.warn("ICE-TCP packet processing failed", cause);
        }
    }

    @Override
    public String toString() {
        return "IceTcpConnection[" + remote + "]";
    }
}
