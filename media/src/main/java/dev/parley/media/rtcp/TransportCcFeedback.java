package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): RTPFB
 * with FMT 15, telling the sender, for a range of transport-wide sequence numbers (see
 * {@code rtp.TransportSequenceNumber}), which packets arrived and when, for its send-side bandwidth estimation.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         packet chunk          |  recv delta   |  recv delta   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Packet chunks (§3.1.2-3.1.4), each 16 bits:
 *   run length:     |T=0| S (2) |       run length (13)       |
 *   status vector:  |T=1|S=0| 14 one-bit symbols  |   or   |T=1|S=1| 7 two-bit symbols |
 * Symbols: 00 not received, 01 received with a small delta (1 byte, 0-63.75 ms), 10 received with a large or
 * negative delta (2 bytes, signed); in one-bit vectors 0 is not received, 1 small delta.
 * Receive deltas are in 250 µs units, each relative to the previous received packet, the first to the
 * reference time (signed 24 bits, in 64 ms units).
 * </pre>
 *
 * <p>Reusable view: {@link #wrap} decodes every status and delta into preallocated arrays (feedback covering
 * more than {@link #MAX_PACKETS} packets is refused). It never owns the array. Not thread-safe.
 */
public final class TransportCcFeedback {

    public static final int NOT_RECEIVED = 0;
    public static final int RECEIVED_SMALL_DELTA = 1;
    public static final int RECEIVED_LARGE_DELTA = 2;
    /** The most packets one feedback message may report here; Parley's own feedback stays far below. */
    public static final int MAX_PACKETS = 8192;
    static final int FIXED_LENGTH = 20;
    /** Microseconds in a reference time unit and in a receive delta unit. */
    static final int REFERENCE_TIME_MICROS = 64_000;
    static final int DELTA_MICROS = 250;

    private final byte[] statuses = new byte[MAX_PACKETS];
    private final int[] arrivalTicks = new int[MAX_PACKETS];
    private byte[] buf;
    private int off;
    private int count;

    /**
     * Points the view at one feedback message of {@code len} bytes (padding excluded) and decodes it; false if it
     * is malformed: chunks or deltas running past the end, a reserved symbol, or no or too many packets.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < FIXED_LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.RTPFB
                || RtcpHeader.countOrFormat(buf, off) != RtcpFeedback.FMT_TRANSPORT_CC) {
            return false;
        }
        int total = BigEndian.u16(buf, off + 14);
        if (total == 0 || total > MAX_PACKETS) {
            return false;
        }
        int end = off + len;
        int pos = off + FIXED_LENGTH;
        int decoded = 0;
        while (decoded < total) {
            if (pos + 2 > end) {
                return false;
            }
            int chunk = BigEndian.u16(buf, pos);
            pos += 2;
            decoded = decodeChunk(chunk, decoded, total);
            if (decoded < 0) {
                return false;
            }
        }
        int ticks = 0;
        for (int i = 0; i < total; i++) {
            switch (statuses[i]) {
                case RECEIVED_SMALL_DELTA -> {
                    if (pos + 1 > end) {
                        return false;
                    }
                    ticks += buf[pos++] & 0xFF;
                }
                case RECEIVED_LARGE_DELTA -> {
                    if (pos + 2 > end) {
                        return false;
                    }
                    ticks += (short) BigEndian.u16(buf, pos);
                    pos += 2;
                }
                default -> {
                }
            }
            arrivalTicks[i] = ticks;
        }
        this.buf = buf;
        this.off = off;
        this.count = total;
        return true;
    }

    /** Decodes one chunk's symbols from index {@code at}; returns the next index, or -1 on a reserved symbol. */
    private int decodeChunk(int chunk, int at, int total) {
        if ((chunk & 0x8000) == 0) {
            int symbol = chunk >>> 13 & 0x03;
            int run = chunk & 0x1FFF;
            if (symbol == 3) {
                return -1;
            }
            for (int i = 0; i < run && at < total; i++) {
                statuses[at++] = (byte) symbol;
            }
            return at;
        }
        if ((chunk & 0x4000) == 0) {
            for (int bit = 13; bit >= 0 && at < total; bit--) {
                statuses[at++] = (byte) (chunk >>> bit & 0x01);
            }
            return at;
        }
        for (int shift = 12; shift >= 0 && at < total; shift -= 2) {
            int symbol = chunk >>> shift & 0x03;
            if (symbol == 3) {
                return -1;
            }
            statuses[at++] = (byte) symbol;
        }
        return at;
    }

    public int senderSsrc() {
        return RtcpFeedback.senderSsrc(buf, off);
    }

    public int mediaSsrc() {
        return RtcpFeedback.mediaSsrc(buf, off);
    }

    public int baseSequenceNumber() {
        return BigEndian.u16(buf, off + 12);
    }

    public int packetStatusCount() {
        return count;
    }

    /** The reference time in 64 ms units, signed 24 bits. */
    public int referenceTime() {
        return BigEndian.u24(buf, off + 16) << 8 >> 8;
    }

    /** The feedback packet count, which lets the sender notice lost feedback. */
    public int feedbackPacketCount() {
        return buf[off + 19] & 0xFF;
    }

    /** The status of the packet with sequence number {@code baseSequenceNumber() + index}. */
    public int status(int index) {
        return statuses[index];
    }

    public boolean received(int index) {
        return statuses[index] != NOT_RECEIVED;
    }

    /**
     * The arrival time of a received packet in microseconds, on the receiver's clock: reference time plus the
     * deltas up to it. Only differences between arrival times mean anything.
     */
    public long arrivalTimeMicros(int index) {
        return (long) referenceTime() * REFERENCE_TIME_MICROS + (long) arrivalTicks[index] * DELTA_MICROS;
    }
}
