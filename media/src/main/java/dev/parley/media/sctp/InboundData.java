package dev.parley.media.sctp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The receiving half of an association: which TSNs arrived (RFC 9260 §6.2, for the SACK), reassembly of fragments
 * (§6.9), delivery in stream sequence order for ordered messages (§6.6) and at once for unordered ones, skipping
 * abandoned data on FORWARD TSN (RFC 3758 §3.6) and resetting inbound streams (RFC 6525 §5.2.2). Everything held is
 * bounded by the receive window; TSNs are kept unwrapped as longs.
 */
final class InboundData {

    /** Delivers a whole message. */
    interface Sink {
        void message(int stream, long ppid, byte[] data);
    }

    /** What became of a DATA chunk. */
    enum Outcome { ACCEPTED, DUPLICATE, DROPPED, TOO_BIG }

    /** Farthest a TSN may be ahead of the cumulative one: gap blocks carry 16-bit offsets. */
    static final int MAX_TSN_AHEAD = 16_384;
    private static final int MAX_GAP_BLOCKS = 64;
    private static final int MAX_DUPLICATES = 16;

    private record Fragment(int stream, int ssn, long ppid, boolean unordered, boolean begin, boolean end,
            byte[] data) {
    }

    private record Message(long ppid, byte[] data) {
    }

    private final int window;
    private final int maxMessageSize;
    private final Sink sink;
    private long cumulativeTsn;
    private final TreeSet<Long> above = new TreeSet<>();
    private final NavigableMap<Long, Fragment> fragments = new TreeMap<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private final Map<Integer, TreeMap<Integer, Message>> waiting = new HashMap<>();
    private final List<Long> duplicates = new ArrayList<>();
    private int buffered;

    InboundData(long peerInitialTsn, int window, int maxMessageSize, Sink sink) {
        this.cumulativeTsn = peerInitialTsn - 1;
        this.window = window;
        this.maxMessageSize = maxMessageSize;
        this.sink = sink;
    }

    /** The 32-bit TSN as the long nearest to the cumulative TSN (serial number arithmetic, RFC 1982). */
    long unwrap(long tsn) {
        return cumulativeTsn + (int) (tsn - cumulativeTsn);
    }

    long cumulativeTsn() {
        return cumulativeTsn;
    }

    /** The advertised receiver window: what is left of the buffer. */
    long advertisedWindow() {
        return Math.max(0, window - buffered);
    }

    int buffered() {
        return buffered;
    }

    Outcome data(Chunk chunk) {
        int flags = chunk.flags();
        long tsn = unwrap(chunk.u32(0));
        int stream = chunk.u16(4);
        int ssn = chunk.u16(6);
        long ppid = chunk.u32(8);
        int size = chunk.length() - 12;
        if (tsn <= cumulativeTsn || above.contains(tsn)) {
            if (duplicates.size() < MAX_DUPLICATES) {
                duplicates.add(tsn);
            }
            return Outcome.DUPLICATE;
        }
        // The next TSN in sequence is taken even over a full window (up to twice it), so that a window full of
        // later fragments cannot wait forever for the one that completes them.
        boolean next = tsn == cumulativeTsn + 1;
        if (tsn > cumulativeTsn + MAX_TSN_AHEAD || buffered + size > (next ? 2 * window : window)) {
            return Outcome.DROPPED;
        }
        byte[] data = new byte[size];
        System.arraycopy(chunk.buf(), chunk.offset() + 12, data, 0, size);
        above.add(tsn);
        while (above.remove(cumulativeTsn + 1)) {
            cumulativeTsn++;
        }
        fragments.put(tsn, new Fragment(stream, ssn, ppid, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0, data));
        buffered += size;
        return assemble(tsn) ? Outcome.ACCEPTED : Outcome.TOO_BIG;
    }

    /** Looks for a whole message around {@code tsn}; false when its fragments already exceed the message size. */
    private boolean assemble(long tsn) {
        Fragment at = fragments.get(tsn);
        long first = tsn;
        int size = at.data().length;
        while (!fragments.get(first).begin()) {
            Fragment before = fragments.get(first - 1);
            if (before == null || !sameMessage(before, at) || before.end()) {
                return size <= maxMessageSize;
            }
            first--;
            size += before.data().length;
        }
        long last = tsn;
        while (!fragments.get(last).end()) {
            Fragment after = fragments.get(last + 1);
            if (after == null || !sameMessage(after, at) || after.begin()) {
                return size <= maxMessageSize;
            }
            last++;
            size += after.data().length;
        }
        if (size > maxMessageSize) {
            return false;
        }
        byte[] message = new byte[size];
        int filled = 0;
        for (long t = first; t <= last; t++) {
            byte[] part = fragments.remove(t).data();
            System.arraycopy(part, 0, message, filled, part.length);
            filled += part.length;
        }
        if (at.unordered()) {
            buffered -= size;
            sink.message(at.stream(), at.ppid(), message);
        } else {
            TreeMap<Integer, Message> queue = waiting.computeIfAbsent(at.stream(), s -> new TreeMap<>());
            if (queue.putIfAbsent(at.ssn(), new Message(at.ppid(), message)) != null) {
                buffered -= size; // a second message with a sequence number already waiting: a broken peer's, dropped
            }
            deliverInOrder(at.stream());
        }
        return true;
    }

    private static boolean sameMessage(Fragment a, Fragment b) {
        return a.stream() == b.stream() && a.unordered() == b.unordered() && (a.unordered() || a.ssn() == b.ssn());
    }

    private void deliverInOrder(int stream) {
        TreeMap<Integer, Message> queue = waiting.get(stream);
        int expected = nextSsn.getOrDefault(stream, 0);
        Message ready;
        while (queue != null && (ready = queue.remove(expected)) != null) {
            buffered -= ready.data().length;
            expected = (expected + 1) & 0xffff;
            nextSsn.put(stream, expected);
            sink.message(stream, ready.ppid(), ready.data());
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(stream);
        }
    }

    /**
     * FORWARD TSN (RFC 3758 §3.6): the peer gave up on everything up to {@code newCumulative}; fragments up to it are
     * dropped and each listed ordered stream moves past the skipped sequence number.
     */
    void forward(long newCumulative, int[] streams, int[] ssns) {
        if (newCumulative <= cumulativeTsn || newCumulative > cumulativeTsn + MAX_TSN_AHEAD) {
            return;
        }
        Iterator<Map.Entry<Long, Fragment>> dropped = fragments.headMap(newCumulative, true).entrySet().iterator();
        while (dropped.hasNext()) {
            buffered -= dropped.next().getValue().data().length;
            dropped.remove();
        }
        above.headSet(newCumulative, true).clear();
        cumulativeTsn = newCumulative;
        while (above.remove(cumulativeTsn + 1)) {
            cumulativeTsn++;
        }
        for (int i = 0; i < streams.length; i++) {
            int stream = streams[i];
            int expected = nextSsn.getOrDefault(stream, 0);
            int skipped = ssns[i];
            if (((skipped - expected) & 0xffff) >= 0x8000) {
                continue; // already past it
            }
            // Whole messages up to the skipped one go out in order; the skipped one is gone.
            TreeMap<Integer, Message> queue = waiting.get(stream);
            for (int ssn = expected; queue != null && !queue.isEmpty(); ssn = (ssn + 1) & 0xffff) {
                Message ready = queue.remove(ssn);
                if (ready != null) {
                    buffered -= ready.data().length;
                    sink.message(stream, ready.ppid(), ready.data());
                }
                if (ssn == skipped) {
                    break;
                }
            }
            nextSsn.put(stream, (skipped + 1) & 0xffff);
            deliverInOrder(stream);
        }
    }

    /** Inbound stream reset (RFC 6525 §5.2.2): the streams start again at sequence number 0. */
    void resetStreams(int[] streams) {
        for (int stream : streams) {
            nextSsn.remove(stream);
            TreeMap<Integer, Message> queue = waiting.remove(stream);
            if (queue != null) {
                queue.values().forEach(m -> buffered -= m.data().length);
            }
        }
    }

    /** Writes a SACK chunk (RFC 9260 §3.3.4) of what arrived, and forgets the reported duplicates. */
    void writeSack(PacketBuilder out) {
        out.beginChunk(Chunk.SACK, 0);
        out.u32(cumulativeTsn & 0xffffffffL);
        out.u32(advertisedWindow());
        List<long[]> blocks = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (long tsn : above) {
            if (tsn == end + 1) {
                end = tsn;
                continue;
            }
            if (start >= 0) {
                blocks.add(new long[] {start, end});
            }
            start = tsn;
            end = tsn;
        }
        if (start >= 0) {
            blocks.add(new long[] {start, end});
        }
        int gapCount = Math.min(blocks.size(), MAX_GAP_BLOCKS);
        out.u16(gapCount);
        out.u16(duplicates.size());
        for (int i = 0; i < gapCount; i++) {
            out.u16((int) (blocks.get(i)[0] - cumulativeTsn));
            out.u16((int) (blocks.get(i)[1] - cumulativeTsn));
        }
        for (long duplicate : duplicates) {
            out.u32(duplicate & 0xffffffffL);
        }
        duplicates.clear();
        out.endChunk();
    }
}
