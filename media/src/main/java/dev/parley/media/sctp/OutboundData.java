package dev.parley.media.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sending half of an association: messages cut into DATA chunks with TSNs and stream sequence numbers
 * (RFC 9260 §6.9, §6.6), sent within the peer's window and the congestion window (§7.2: slow start, congestion
 * avoidance, fast retransmit on three miss indications), retransmitted on T3-rtx expiry with the RTO of §6.3,
 * and abandoned under the partial reliability a message asked for (RFC 3758 §3.5: a number of retransmissions
 * or a lifetime), which the peer learns from FORWARD TSN. What is queued and unacknowledged is bounded in bytes.
 */
final class OutboundData {

    private static final class Message {
        final Reliability reliability;
        final long expiresAtNanos;
        boolean abandoned;

        Message(Reliability reliability, long now) {
            this.reliability = reliability;
            this.expiresAtNanos = reliability.lifetimeNanos() >= 0 ? now + reliability.lifetimeNanos() : Long.MAX_VALUE;
        }
    }

    private static final class Fragment {
        final long tsn;
        final int stream;
        final int ssn;
        final long ppid;
        final int flags;
        final byte[] data;
        final Message message;
        int transmissions;
        long sentAtNanos;
        boolean inFlight;
        boolean acked;
        boolean retransmit;
        int missIndications;

        Fragment(long tsn, int stream, int ssn, long ppid, int flags, byte[] data, Message message) {
            this.tsn = tsn;
            this.stream = stream;
            this.ssn = ssn;
            this.ppid = ppid;
            this.flags = flags;
            this.data = data;
            this.message = message;
        }
    }

    private final SctpSettings settings;
    private final boolean forwardTsnAllowed;
    private final ArrayDeque<Fragment> queue = new ArrayDeque<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private long nextTsn;
    private long cumulativeAck;
    private int queuedBytes;
    private long peerWindow;
    private int flight;
    private int cwnd;
    private int ssthresh;
    private int partialBytesAcked;
    private boolean fastRecovery;
    private long fastRecoveryExit;
    private long srttNanos = -1;
    private long rttvarNanos;
    private long rtoNanos;
    private long t3ExpiresAt = -1;
    private int consecutiveTimeouts;

    OutboundData(SctpSettings settings, long localInitialTsn, long peerWindow, boolean forwardTsnAllowed) {
        this.settings = settings;
        this.nextTsn = localInitialTsn;
        this.cumulativeAck = localInitialTsn - 1;
        this.peerWindow = peerWindow;
        this.forwardTsnAllowed = forwardTsnAllowed;
        int mtu = settings.maxPacketSize();
        this.cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4380)); // RFC 9260 §7.2.1
        this.ssthresh = (int) Math.min(Integer.MAX_VALUE, Math.max(peerWindow, 4 * mtu));
        this.rtoNanos = settings.rtoInitial().toNanos();
    }

    /** Bytes of messages queued or unacknowledged. */
    int queuedBytes() {
        return queuedBytes;
    }

    boolean idle() {
        return queue.isEmpty();
    }

    long lastAssignedTsn() {
        return nextTsn - 1;
    }

    long rtoNanos() {
        return rtoNanos;
    }

    /** Queues a message; false when it would pass the send queue limit. */
    boolean enqueue(int stream, long ppid, byte[] data, Reliability reliability, long now) {
        if (queuedBytes + data.length > settings.sendQueueLimit()) {
            return false;
        }
        Message message = new Message(reliability, now);
        int ssn = 0;
        if (!reliability.unordered()) {
            ssn = nextSsn.getOrDefault(stream, 0);
            nextSsn.put(stream, (ssn + 1) & 0xffff);
        }
        int fragment = settings.maxFragment();
        int offset = 0;
        do {
            int size = Math.min(fragment, data.length - offset);
            byte[] part = new byte[size];
            System.arraycopy(data, offset, part, 0, size);
            int flags = (reliability.unordered() ? 4 : 0) | (offset == 0 ? 2 : 0) | (offset + size == data.length ? 1 : 0);
            queue.add(new Fragment(nextTsn++, stream, ssn, ppid, flags, part, message));
            offset += size;
        } while (offset < data.length);
        queuedBytes += data.length;
        return true;
    }

    /** Outbound stream reset done (RFC 6525 §5.2.4): the streams' sequence numbers start again at 0. */
    void resetStreams(int[] streams) {
        for (int stream : streams) {
            nextSsn.remove(stream);
        }
    }

    /**
     * Writes the next DATA chunks that may go into {@code out}: those to retransmit first, then new ones, within the
     * congestion and peer windows (one packet's worth always when nothing is in flight). Returns whether it wrote any.
     */
    boolean fill(PacketBuilder out, long now) {
        boolean wrote = false;
        for (Fragment f : queue) {
            if (f.acked || f.message.abandoned || f.inFlight) {
                continue;
            }
            if (f.transmissions > 0 && !f.retransmit) {
                continue;
            }
            if (f.transmissions > 0 && abandonIfDue(f.message, now, f.transmissions)) {
                continue;
            }
            if (f.transmissions == 0 && f.message.expiresAtNanos <= now && forwardTsnAllowed) {
                abandon(f.message);
                continue;
            }
            boolean windowOpen = flight == 0 || (flight + f.data.length <= cwnd && f.data.length <= peerWindow);
            if (!windowOpen || out.remaining() < 16 + ((f.data.length + 3) & ~3)) {
                break;
            }
            write(out, f);
            f.transmissions++;
            f.sentAtNanos = now;
            f.inFlight = true;
            f.retransmit = false;
            f.missIndications = 0;
            flight += f.data.length;
            peerWindow = Math.max(0, peerWindow - f.data.length);
            wrote = true;
            if (t3ExpiresAt < 0) {
                t3ExpiresAt = now + rtoNanos;
            }
        }
        return wrote;
    }

    private static void write(PacketBuilder out, Fragment f) {
        out.beginChunk(Chunk.DATA, f.flags);
        out.u32(f.tsn & 0xffffffffL);
        out.u16(f.stream);
        out.u16(f.ssn);
        out.u32(f.ppid);
        out.bytes(f.data, 0, f.data.length);
        out.endChunk();
    }

    private boolean abandonIfDue(Message message, long now, int transmissions) {
        Reliability r = message.reliability;
        boolean due = (r.maxRetransmissions() >= 0 && transmissions > r.maxRetransmissions())
                || message.expiresAtNanos <= now;
        if (due && forwardTsnAllowed) {
            abandon(message);
            return true;
        }
        return false;
    }

    private void abandon(Message message) {
        if (!forwardTsnAllowed) {
            return;
        }
        message.abandoned = true;
        for (Fragment f : queue) {
            if (f.message == message && f.inFlight) {
                f.inFlight = false;
                flight -= f.data.length;
            }
        }
    }

    /** A SACK (RFC 9260 §6.2.1). Returns whether the cumulative ack advanced. */
    boolean sack(Chunk chunk, long now) {
        if (chunk.length() < 12) {
            return false;
        }
        long cumAck = cumulativeAck + (int) (chunk.u32(0) - cumulativeAck);
        long window = chunk.u32(4);
        int gaps = chunk.u16(8);
        if (cumAck < cumulativeAck || cumAck >= nextTsn || chunk.length() < 12 + 4 * gaps) {
            return false;
        }
        boolean advanced = cumAck > cumulativeAck;
        int bytesAcked = 0;
        long rttSample = -1;
        while (!queue.isEmpty() && queue.peekFirst().tsn <= cumAck) {
            Fragment f = queue.pollFirst();
            if (f.inFlight) {
                flight -= f.data.length;
            }
            if (!f.acked && !f.message.abandoned) {
                bytesAcked += f.data.length;
                if (f.transmissions == 1) {
                    rttSample = now - f.sentAtNanos;
                }
            }
            queuedBytes -= f.data.length;
        }
        cumulativeAck = cumAck;
        long highestGapAcked = -1;
        for (int i = 0; i < gaps; i++) {
            long start = cumAck + chunk.u16(12 + 4 * i);
            long end = cumAck + chunk.u16(14 + 4 * i);
            for (Fragment f : queue) {
                if (f.tsn >= start && f.tsn <= end && !f.acked) {
                    f.acked = true;
                    f.retransmit = false;
                    if (f.inFlight) {
                        f.inFlight = false;
                        flight -= f.data.length;
                    }
                    bytesAcked += f.data.length;
                    if (f.transmissions == 1) {
                        rttSample = now - f.sentAtNanos;
                    }
                }
            }
            highestGapAcked = Math.max(highestGapAcked, end);
        }
        if (rttSample >= 0) {
            measureRtt(rttSample);
        }
        if (fastRecovery && cumAck >= fastRecoveryExit) {
            fastRecovery = false;
        }
        boolean lossFound = false;
        for (Fragment f : queue) {
            if (f.tsn >= highestGapAcked) {
                break;
            }
            if (!f.acked && f.inFlight && ++f.missIndications == 3) {
                f.inFlight = false;
                flight -= f.data.length;
                f.retransmit = true;
                lossFound = true;
            }
        }
        if (lossFound && !fastRecovery) {
            // RFC 9260 §7.2.4: one window reduction per recovery.
            ssthresh = Math.max(cwnd / 2, 4 * settings.maxPacketSize());
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            fastRecoveryExit = nextTsn - 1;
        } else if (advanced && !fastRecovery) {
            grow(bytesAcked);
        }
        peerWindow = Math.max(0, window - flight);
        if (advanced) {
            consecutiveTimeouts = 0;
        }
        if (flight == 0 && queue.stream().noneMatch(f -> f.retransmit)) {
            t3ExpiresAt = -1;
        } else if (advanced) {
            t3ExpiresAt = now + rtoNanos;
        }
        return advanced;
    }

    private void grow(int bytesAcked) {
        int mtu = settings.maxPacketSize();
        if (cwnd <= ssthresh) {
            cwnd += Math.min(bytesAcked, mtu);
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    private void measureRtt(long r) {
        // RFC 9260 §6.3.1 with RTO.Alpha 1/8 and RTO.Beta 1/4.
        if (srttNanos < 0) {
            srttNanos = r;
            rttvarNanos = r / 2;
        } else {
            rttvarNanos = (3 * rttvarNanos + Math.abs(srttNanos - r)) / 4;
            srttNanos = (7 * srttNanos + r) / 8;
        }
        rtoNanos = Math.clamp(srttNanos + 4 * rttvarNanos, settings.rtoMin().toNanos(), settings.rtoMax().toNanos());
    }

    /**
     * T3-rtx (RFC 9260 §6.3.3): on expiry everything in flight is to be sent again, the RTO doubles and the congestion
     * window drops to one packet. Returns false once the association has timed out too often in a row.
     */
    boolean tick(long now) {
        if (t3ExpiresAt < 0 || now < t3ExpiresAt) {
            return true;
        }
        if (++consecutiveTimeouts > settings.maxRetransmissions()) {
            return false;
        }
        rtoNanos = Math.min(rtoNanos * 2, settings.rtoMax().toNanos());
        ssthresh = Math.max(cwnd / 2, 4 * settings.maxPacketSize());
        cwnd = settings.maxPacketSize();
        partialBytesAcked = 0;
        fastRecovery = false;
        for (Fragment f : queue) {
            if (f.inFlight) {
                f.inFlight = false;
                f.retransmit = true;
                abandonIfDue(f.message, now, f.transmissions);
            }
        }
        flight = 0;
        t3ExpiresAt = -1;
        return true;
    }

    /** Whether abandoned data waits at the head of the queue for the peer to skip it. */
    boolean forwardTsnPending() {
        return forwardTsnAllowed && !queue.isEmpty() && queue.peekFirst().message.abandoned;
    }

    /**
     * The Advanced.Peer.Ack.Point of RFC 3758 §3.5: past the cumulative ack over abandoned fragments. When it is
     * ahead, writes a FORWARD TSN chunk with the last skipped sequence number of each ordered stream; the skipped
     * fragments leave the queue when the peer's SACK acknowledges past them. Returns whether it wrote one.
     */
    boolean writeForwardTsn(PacketBuilder out) {
        if (!forwardTsnPending()) {
            return false;
        }
        TreeMap<Integer, Integer> skipped = new TreeMap<>();
        long advanced = cumulativeAck;
        boolean any = false;
        for (Fragment f : queue) {
            if (!f.message.abandoned) {
                break;
            }
            if (!f.message.reliability.unordered()) {
                skipped.put(f.stream, f.ssn);
            }
            advanced = f.tsn;
            any = true;
        }
        out.beginChunk(Chunk.FORWARD_TSN, 0);
        out.u32(advanced & 0xffffffffL);
        int room = (out.remaining() - 4) / 4;
        int written = 0;
        for (Map.Entry<Integer, Integer> e : skipped.entrySet()) {
            if (written++ == room) {
                break;
            }
            out.u16(e.getKey());
            out.u16(e.getValue());
        }
        out.endChunk();
        return any;
    }
}
