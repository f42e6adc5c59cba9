package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Builds a transport-cc feedback message (format in {@link TransportCcFeedback}) from the arrival times of the
 * packets a receiver got: {@link #reset} with the first sequence number to report, {@link #addReceived} for each
 * received packet in sequence order (the ones skipped are reported as not received), then {@link #write}.
 *
 * <p>Chunks are chosen greedily: a run-length chunk for seven or more equal symbols, else a one-bit vector when
 * the next fourteen symbols need no large delta, else a two-bit vector. A packet that cannot join the message
 * (its delta does not fit 16 bits, or the message would pass {@link #MAX_LENGTH}) is refused, so that the caller
 * sends what it has and starts a new message with it. Reusable and allocation-free; not thread-safe.
 */
public final class TransportCcFeedbackBuilder {

    /** Keeps a feedback message, padding included, well inside one datagram after SRTCP's overhead. */
    public static final int MAX_LENGTH = 1200;
    private static final int MAX_PACKETS = 2048;

    private final byte[] symbols = new byte[MAX_PACKETS];
    private final short[] deltas = new short[MAX_PACKETS];
    private int baseSequenceNumber;
    private int count;
    private int deltaBytes;
    private int referenceTime;
    private long lastTicks;

    /** Starts a message that reports packets from {@code baseSequenceNumber} on. */
    public void reset(int baseSequenceNumber) {
        this.baseSequenceNumber = baseSequenceNumber & 0xFFFF;
        this.count = 0;
        this.deltaBytes = 0;
    }

    /** Packets covered so far, received or not. */
    public int packetCount() {
        return count;
    }

    public int baseSequenceNumber() {
        return baseSequenceNumber;
    }

    /**
     * Adds a received packet with {@code sequenceNumber} (later than every one added since {@link #reset}) that
     * arrived at {@code arrivalMicros} (any monotonic origin); false if it does not fit this message.
     */
    public boolean addReceived(int sequenceNumber, long arrivalMicros) {
        int index = (sequenceNumber - baseSequenceNumber) & 0xFFFF;
        if (index < count || index >= MAX_PACKETS) {
            return false;
        }
        long ticks = Math.floorDiv(arrivalMicros, TransportCcFeedback.DELTA_MICROS);
        boolean first = deltaBytes == 0;
        long reference = Math.floorDiv(arrivalMicros, TransportCcFeedback.REFERENCE_TIME_MICROS);
        long delta = first ? ticks - reference * (TransportCcFeedback.REFERENCE_TIME_MICROS
                / TransportCcFeedback.DELTA_MICROS) : ticks - lastTicks;
        int symbol = delta >= 0 && delta <= 0xFF ? TransportCcFeedback.RECEIVED_SMALL_DELTA
                : TransportCcFeedback.RECEIVED_LARGE_DELTA;
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            return false;
        }
        int bytes = symbol == TransportCcFeedback.RECEIVED_SMALL_DELTA ? 1 : 2;
        if (lengthBound(index + 1, deltaBytes + bytes) > MAX_LENGTH) {
            return false;
        }
        if (first) {
            referenceTime = (int) (reference & 0xFF_FFFF);
        }
        while (count < index) {
            symbols[count++] = TransportCcFeedback.NOT_RECEIVED;
        }
        symbols[count] = (byte) symbol;
        deltas[count++] = (short) delta;
        deltaBytes += bytes;
        lastTicks = ticks;
        return true;
    }

    /** An upper bound of the message's length: every chunk a vector of seven symbols. */
    private static int lengthBound(int packets, int deltaBytes) {
        return TransportCcFeedback.FIXED_LENGTH + 2 * ((packets + 6) / 7) + deltaBytes + 3;
    }

    /**
     * Writes the message (at least one packet added) at {@code off}, padded to 32 bits (RFC 3550 §6.4.1 padding,
     * as libwebrtc writes it), and returns its length, at most {@link #MAX_LENGTH}.
     */
    public int write(byte[] buf, int off, int senderSsrc, int mediaSsrc, int feedbackPacketCount) {
        if (count == 0) {
            throw new IllegalStateException("a transport-cc feedback reports at least one received packet");
        }
        BigEndian.put16(buf, off + 12, baseSequenceNumber);
        BigEndian.put16(buf, off + 14, count);
        BigEndian.put24(buf, off + 16, referenceTime);
        buf[off + 19] = (byte) feedbackPacketCount;
        int pos = writeChunks(buf, off + TransportCcFeedback.FIXED_LENGTH);
        for (int i = 0; i < count; i++) {
            if (symbols[i] == TransportCcFeedback.RECEIVED_SMALL_DELTA) {
                buf[pos++] = (byte) deltas[i];
            } else if (symbols[i] == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                BigEndian.put16(buf, pos, deltas[i]);
                pos += 2;
            }
        }
        int padding = (4 - (pos - off) % 4) % 4;
        for (int i = 1; i <= padding; i++) {
            buf[pos++] = (byte) (i == padding ? padding : 0);
        }
        RtcpFeedback.writeHeader(buf, off, RtcpFeedback.FMT_TRANSPORT_CC, RtcpHeader.RTPFB, pos - off, senderSsrc,
                mediaSsrc);
        if (padding > 0) {
            buf[off] |= 0x20;
        }
        return pos - off;
    }

    private int writeChunks(byte[] buf, int pos) {
        int i = 0;
        while (i < count) {
            int run = runLength(i);
            if (run >= 7 || i + run == count) {
                BigEndian.put16(buf, pos, symbols[i] << 13 | run);
                i += run;
            } else if (fitsOneBitVector(i)) {
                int chunk = 0x8000;
                for (int k = 0; k < 14; k++) {
                    chunk |= (i + k < count ? symbols[i + k] : 0) << (13 - k);
                }
                BigEndian.put16(buf, pos, chunk);
                i += 14;
            } else {
                int chunk = 0xC000;
                for (int k = 0; k < 7; k++) {
                    chunk |= (i + k < count ? symbols[i + k] : 0) << (12 - 2 * k);
                }
                BigEndian.put16(buf, pos, chunk);
                i += 7;
            }
            pos += 2;
        }
        return pos;
    }

    private int runLength(int from) {
        int run = 1;
        while (from + run < count && symbols[from + run] == symbols[from] && run < 0x1FFF) {
            run++;
        }
        return run;
    }

    private boolean fitsOneBitVector(int from) {
        for (int k = from; k < Math.min(from + 14, count); k++) {
            if (symbols[k] == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                return false;
            }
        }
        return true;
    }
}
