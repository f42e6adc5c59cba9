package dev.parley.common.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler on a fake clock: tasks run on the test's thread when the test advances time past them,
 * in the order of their due time (then of scheduling). One test thread drives it; other threads (a
 * worker handing a result back) may submit tasks, which then run on the test thread's next advance.
 */
public final class FakeScheduler implements Scheduler {

    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    private final class Timed implements Comparable<Timed>, Task {
        final long at;
        final long order = sequence++;
        final Runnable task;
        volatile boolean cancelled;

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

    /** Tasks due now or earlier run on this call's thread only when time is advanced (or {@link #runPending()}). */
    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public synchronized Task schedule(Runnable task, Duration delay) {
        Timed timed = new Timed(nowNanos + Math.max(0, delay.toNanos()), task);
        queue.add(timed);
        return timed;
    }

    @Override
    public Task repeat(Runnable task, Duration period) {
        Timed[] current = new Timed[1];
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            task.run();
            if (!current[0].cancelled) {
                current[0] = (Timed) schedule(step[0], period);
            }
        };
        current[0] = (Timed) schedule(step[0], period);
        return () -> current[0].cancel();
    }

    @Override
    public boolean inThread() {
        return true;
    }

    @Override
    public synchronized long nanoTime() {
        return nowNanos;
    }

    /** Runs everything due now, including what that schedules for now. */
    public void runPending() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward by {@code duration}, running every task that falls due on the way, at its due time. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nowNanos + duration.toNanos();
        }
        while (true) {
            Timed next;
            synchronized (this) {
                if (queue.isEmpty() || queue.peek().at > target) {
                    nowNanos = target;
                    return;
                }
                next = queue.poll();
                nowNanos = Math.max(nowNanos, next.at);
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized long pendingTasks() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}
