package dev.parley.conference.testing;

import dev.parley.conference.time.Scheduler;

import java.util.PriorityQueue;

/** A fake clock: timers run on the test thread when time is advanced past them. Not thread-safe. */
public final class FakeScheduler implements Scheduler {

    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    private final class Timed implements Comparable<Timed>, Task {
        final long at;
        final long order = sequence++;
        final Runnable task;
        boolean cancelled;

        Timed(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public int compareTo(Timed other) {
            return at != other.at ? Long.compare(at, other.at) : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Task schedule(Runnable task, long delayMs) {
        Timed timed = new Timed(now + delayMs, task);
        queue.add(timed);
        return timed;
    }

    public long now() {
        return now;
    }

    /** Timers waiting, cancelled ones left out. */
    public synchronized int pending() {
        return (int) queue.stream().filter(timed -> !timed.cancelled).count();
    }

    /** Moves the clock on, running every timer that falls due, in order. */
    public void advance(long ms) {
        long target = now + ms;
        while (true) {
            Timed next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > target) {
                    break;
                }
                queue.poll();
                now = Math.max(now, next.at);
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
        now = target;
    }
}
