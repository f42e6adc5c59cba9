package dev.parley.media.forward;

import dev.parley.media.rtp.RtpPacket;

import java.util.Arrays;

/**
 * The last packets of one publisher stream, copied as they arrive, so that a subscriber's NACK (RFC 4585 §6.2.1)
 * is answered from here rather than from the publisher. A ring indexed by sequence number: a slot holds the
 * newest packet that mapped to it, and a packet older than the maximum age counts as absent, since a receiver
 * no longer waits for it.
 *
 * <p>All memory is allocated up front ({@code capacity} × {@link PacketSink#MAX_PACKET_LENGTH} bytes). The cache
 * owns its copies; {@link #find} lends one until the next {@link #store}. Confined to the room's thread.
 */
final class RetransmissionCache {

    private static final int SLOT = PacketSink.MAX_PACKET_LENGTH;

    private final byte[] data;
    private final int[] lengths;
    private final int[] sequenceNumbers;
    private final long[] storedAt;
    private final int mask;
    private final long maxAgeNanos;

    /** {@code capacity} is rounded up to a power of two so that slots follow the 16-bit sequence numbers. */
    RetransmissionCache(int capacity, long maxAgeNanos) {
        int slots = Integer.highestOneBit(Math.max(1, Math.min(capacity, 1 << 15)) * 2 - 1);
        this.data = new byte[slots * SLOT];
        this.lengths = new int[slots];
        this.sequenceNumbers = new int[slots];
        this.storedAt = new long[slots];
        this.mask = slots - 1;
        this.maxAgeNanos = maxAgeNanos;
        Arrays.fill(sequenceNumbers, -1);
    }

    /** Copies the packet (at most {@link PacketSink#MAX_PACKET_LENGTH} bytes) into its slot. */
    void store(RtpPacket packet, long nowNanos) {
        int slot = packet.sequenceNumber() & mask;
        System.arraycopy(packet.buffer(), packet.offset(), data, slot * SLOT, packet.length());
        lengths[slot] = packet.length();
        sequenceNumbers[slot] = packet.sequenceNumber();
        storedAt[slot] = nowNanos;
    }

    /** Whether the packet with {@code sequenceNumber} is cached and young enough to resend. */
    boolean contains(int sequenceNumber, long nowNanos) {
        int slot = sequenceNumber & mask;
        return sequenceNumbers[slot] == sequenceNumber && nowNanos - storedAt[slot] <= maxAgeNanos;
    }

    /** Points {@code view} at the cached packet with {@code sequenceNumber}; false if it is absent or too old. */
    boolean find(int sequenceNumber, long nowNanos, RtpPacket view) {
        if (!contains(sequenceNumber, nowNanos)) {
            return false;
        }
        int slot = sequenceNumber & mask;
        return view.wrap(data, slot * SLOT, lengths[slot]);
    }
}
