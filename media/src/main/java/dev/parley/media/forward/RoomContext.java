package dev.parley.media.forward;

import java.util.random.RandomGenerator;

/**
 * What every endpoint and step of one room shares: settings, counters, the listener, the random source for
 * SSRCs and initial sequence numbers, and the scratch buffers outbound packets are built in. Confined to the
 * room's thread, which is what makes one scratch buffer per direction enough: a packet is built, lent to a sink
 * and released before the next is built.
 */
final class RoomContext {

    final ForwardingSettings settings;
    final ForwardingCounters counters = new ForwardingCounters();
    final StreamListener listener;
    final RandomGenerator random;
    final OutboundRtpWriter rtpWriter = new OutboundRtpWriter();
    /** Where outbound RTCP is built; room for {@link PacketSink#TRAILER_ROOM} after the longest packet. */
    final byte[] rtcpBuffer = new byte[PacketSink.MAX_PACKET_LENGTH + PacketSink.TRAILER_ROOM];
    /** The latest time the room was given (a packet's arrival or a tick): what changes to the graph run at. */
    long now;

    RoomContext(ForwardingSettings settings, StreamListener listener, RandomGenerator random) {
        this.settings = settings;
        this.listener = listener;
        this.random = random;
    }
}
