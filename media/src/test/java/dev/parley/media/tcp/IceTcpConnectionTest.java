package dev.parley.media.tcp;

import dev.parley.common.time.FakeScheduler;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DatagramEndpoint;
import dev.parley.media.udp.Demultiplexer;
import dev.parley.media.udp.DropReason;
import dev.parley.media.udp.PacketKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ICE-TCP connection's pipeline (RFC 4571 framing, then the connection) on an embedded channel and a fake clock:
 * frames split and joined, oversize and garbage, the check that attaches it, the timeout and the limit on connections
 * waiting for one, the bounded send queue, and closing from either end.
 */
class IceTcpConnectionTest {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final FakeScheduler clock = new FakeScheduler();
    private final DatagramCounters packets = new DatagramCounters(new SimpleMeterRegistry());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TcpCounters counters = new TcpCounters(registry);
    private final Demultiplexer demultiplexer = new Demultiplexer(packets);
    private final TcpConnectionContext context = new TcpConnectionContext(clock, demultiplexer, packets, counters, 1500, CHECK_TIMEOUT, 2);
    private final IceCredentials server = IceCredentials.random();
    private final RecordingEndpoint endpoint = new RecordingEndpoint();
    private int nextPort = 50000;

    IceTcpConnectionTest() {
        demultiplexer.registerUfrag(server.ufrag(), endpoint);
    }

    @Test
    void framesSplitAcrossReadsOrJoinedInOneAreCutAtTheirLengths() {
        endpoint.attachOnCheck = true;
        EmbeddedChannel channel = connect();
        byte[] check = frame(BindingRequests.to(server, "peerufrag").build());
        channel.writeInbound(Unpooled.wrappedBuffer(check, 0, 1));
        channel.writeInbound(Unpooled.wrappedBuffer(check, 1, 10));
        assertThat(endpoint.events).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(check, 11, check.length - 11));
        assertThat(endpoint.events).containsExactly("stun");

        byte[] rtp = rtp(200);
        byte[] rtcp = {(byte) 0x81, (byte) 201, 0, 1, 0, 0, 0, 1};
        channel.writeInbound(Unpooled.wrappedBuffer(concat(frame(rtp), frame(rtcp), frame(rtp))));
        assertThat(endpoint.events).containsExactly("stun", "rtp 200", "rtcp 8", "rtp 200");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aFrameLongerThanTheLargestPacketClosesTheConnection() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x05, (byte) 0xDD, 0, 1, 2}));
        assertThat(channel.isOpen()).isFalse();
        assertThat(counters.closedCount(TcpCloseReason.FRAME_TOO_LONG)).isEqualTo(1);
        assertThat(context.pending()).isZero();
    }

    @Test
    void anythingButStunBeforeTheCheckClosesTheConnection() {
        EmbeddedChannel http = connect();
        http.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()));
        assertThat(http.isOpen()).as("'GE' is a length over the bound").isFalse();
        assertThat(counters.closedCount(TcpCloseReason.FRAME_TOO_LONG)).isEqualTo(1);
        EmbeddedChannel garbage = connect();
        garbage.writeInbound(Unpooled.wrappedBuffer(frame(new byte[] {5, 1, 2, 3})));
        assertThat(garbage.isOpen()).isFalse();
        EmbeddedChannel media = connect();
        media.writeInbound(Unpooled.wrappedBuffer(frame(rtp(100))));
        assertThat(media.isOpen()).isFalse();

        assertThat(counters.closedCount(TcpCloseReason.NOT_ICE)).isEqualTo(2);
        assertThat(endpoint.events).isEmpty();
    }

    @Test
    void aCheckForAnUnknownUsernameIsDroppedAndTheConnectionTimesOut() {
        EmbeddedChannel channel = connect();
        channel.writeInbound(Unpooled.wrappedBuffer(frame(BindingRequests.to(IceCredentials.random(), "peerufrag").build())));
        assertThat(packets.droppedCount(DropReason.STUN_UNKNOWN_USERNAME)).isEqualTo(1);

        clock.advance(CHECK_TIMEOUT.minusMillis(1));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(channel.isOpen()).isFalse();
        assertThat(counters.closedCount(TcpCloseReason.CHECK_TIMEOUT)).isEqualTo(1);
        assertThat(context.pending()).isZero();
    }

    @Test
    void aValidCheckAttachesTheConnectionForGood() {
        endpoint.attachOnCheck = true;
        EmbeddedChannel channel = connect();
        channel.writeInbound(Unpooled.wrappedBuffer(frame(BindingRequests.to(server, "peerufrag").build())));
        assertThat(context.pending()).isZero();

        clock.advance(CHECK_TIMEOUT.multipliedBy(3));
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(concat(frame(new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0}), frame(rtp(100)))));
        assertThat(endpoint.events).containsExactly("stun", "dtls 4", "rtp 100");

        channel.close();
        assertThat(endpoint.events).last().isEqualTo("path closed");
        assertThat(counters.closedCount(TcpCloseReason.PEER_CLOSED)).isEqualTo(1);
    }

    @Test
    void connectionsBeyondThePendingLimitAreClosedAtOnce() {
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        EmbeddedChannel third = connect();
        assertThat(third.isOpen()).isFalse();
        assertThat(counters.closedCount(TcpCloseReason.TOO_MANY_PENDING)).isEqualTo(1);

        endpoint.attachOnCheck = true;
        first.writeInbound(Unpooled.wrappedBuffer(frame(BindingRequests.to(server, "peerufrag").build())));
        EmbeddedChannel fourth = connect();
        assertThat(fourth.isOpen()).as("the checked one no longer counts").isTrue();
        assertThat(second.isOpen()).isTrue();
        assertThat(context.pending()).isEqualTo(2);
        assertThat(registry.get("parley.media.tcp.connections.pending").gauge().value()).isEqualTo(2);
    }

    @Test
    void sendsFramesAndDropsWhatTheQueueHasNoRoomFor() {
        endpoint.attachOnCheck = true;
        EmbeddedChannel channel = connect();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(200, 400));
        channel.writeInbound(Unpooled.wrappedBuffer(frame(BindingRequests.to(server, "peerufrag").build())));
        TcpPath path = endpoint.path;
        channel.pipeline().addFirst("slow peer", new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                // Nothing leaves: the peer does not read.
            }
        });

        byte[] packet = rtp(250);
        assertThat(path.send(packet, 0, packet.length, PacketKind.RTP)).isTrue();
        assertThat(path.send(packet, 0, packet.length, PacketKind.RTP)).isTrue();
        assertThat(path.send(packet, 0, packet.length, PacketKind.RTP)).as("over the queue's limit").isFalse();
        assertThat(packets.droppedCount(DropReason.TCP_SEND_QUEUE_FULL)).isEqualTo(1);

        channel.pipeline().remove("slow peer");
        channel.flush();
        for (int i = 0; i < 2; i++) {
            ByteBuf out = channel.readOutbound();
            assertThat(out.readUnsignedShort()).isEqualTo(250);
            byte[] payload = new byte[out.readableBytes()];
            out.readBytes(payload);
            out.release();
            assertThat(payload).isEqualTo(packet);
        }
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(path.send(packet, 0, packet.length, PacketKind.RTP)).as("room again once written").isTrue();
    }

    @Test
    void closingFromTheTransportSideClosesTheConnection() {
        endpoint.attachOnCheck = true;
        EmbeddedChannel channel = connect();
        channel.writeInbound(Unpooled.wrappedBuffer(frame(BindingRequests.to(server, "peerufrag").build())));
        endpoint.path.close();
        assertThat(channel.isOpen()).isFalse();
        assertThat(counters.closedCount(TcpCloseReason.TRANSPORT_CLOSED)).isEqualTo(1);
        assertThat(counters.closedCount(TcpCloseReason.PEER_CLOSED)).isZero();
    }

    private EmbeddedChannel connect() {
        InetSocketAddress remote = new InetSocketAddress("198.18.0.2", nextPort++);
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        channel.pipeline().addLast(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                IceTcpListener.pipeline(ch.pipeline(), context);
            }
        });
        channel.pipeline().fireChannelActive();
        return channel;
    }

    private static byte[] frame(byte[] packet) {
        byte[] frame = new byte[packet.length + 2];
        frame[0] = (byte) (packet.length >> 8);
        frame[1] = (byte) packet.length;
        System.arraycopy(packet, 0, frame, 2, packet.length);
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }

    private static byte[] rtp(int length) {
        byte[] packet = new byte[length];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        return packet;
    }

    /** A transport that records what reaches it and, when told to, takes every check as valid. */
    private static final class RecordingEndpoint implements DatagramEndpoint {
        final List<String> events = new ArrayList<>();
        boolean attachOnCheck;
        TcpPath path;

        @Override
        public void onStun(StunMessage message, InetSocketAddress from) {
            events.add("stun (not a request)");
        }

        @Override
        public void onStun(StunMessage message, TcpPath checked) {
            events.add("stun");
            if (attachOnCheck) {
                path = checked;
                checked.attach(this);
            }
        }

        @Override
        public void onPathClosed(TcpPath closed) {
            events.add("path closed");
        }

        @Override
        public void onDtls(byte[] buf, int off, int len, InetSocketAddress from) {
            events.add("dtls " + len);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len, InetSocketAddress from) {
            events.add("rtp " + len);
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len, InetSocketAddress from) {
            events.add("rtcp " + len);
        }
    }
}
