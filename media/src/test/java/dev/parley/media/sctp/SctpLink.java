package dev.parley.media.sctp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Two endpoints joined by an in-memory link that loses what its predicates say, with a clock the test moves.
 * Each side is anything that takes packets and ticks.
 */
public final class SctpLink {

    public interface Side {
        void receive(byte[] buf, int off, int len, long now);

        void tick(long now);
    }

    private final ArrayDeque<byte[]> toA = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toB = new ArrayDeque<>();
    final List<byte[]> sentByA = new ArrayList<>();
    final List<byte[]> sentByB = new ArrayList<>();
    public Predicate<byte[]> dropFromA = p -> false;
    public Predicate<byte[]> dropFromB = p -> false;
    public Side a;
    public Side b;
    public long now = 1_000_000_000L;

    public SctpOutput outputOfA() {
        return (buf, off, len) -> {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            sentByA.add(copy);
            if (!dropFromA.test(copy)) {
                toB.add(copy);
            }
        };
    }

    public SctpOutput outputOfB() {
        return (buf, off, len) -> {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            sentByB.add(copy);
            if (!dropFromB.test(copy)) {
                toA.add(copy);
            }
        };
    }

    /** Delivers until both directions are empty. */
    public void deliver() {
        for (int i = 0; i < 1_000_000 && !(toA.isEmpty() && toB.isEmpty()); i++) {
            byte[] p = toB.poll();
            if (p != null) {
                b.receive(p, 0, p.length, now);
            }
            p = toA.poll();
            if (p != null) {
                a.receive(p, 0, p.length, now);
            }
        }
    }

    /** Moves the clock in 10 ms steps, ticking both sides and delivering after each. */
    public void advance(Duration duration) {
        long end = now + duration.toNanos();
        while (now < end) {
            now += 10_000_000L;
            a.tick(now);
            b.tick(now);
            deliver();
        }
    }

    /** The type of a packet's first chunk. */
    static int firstChunk(byte[] packet) {
        return packet[12] & 0xff;
    }

    static boolean hasChunk(byte[] packet, int type) {
        int at = 12;
        while (at + 4 <= packet.length) {
            if ((packet[at] & 0xff) == type) {
                return true;
            }
            int len = ((packet[at + 2] & 0xff) << 8) | (packet[at + 3] & 0xff);
            if (len < 4) {
                return false;
            }
            at += (len + 3) & ~3;
        }
        return false;
    }
}
