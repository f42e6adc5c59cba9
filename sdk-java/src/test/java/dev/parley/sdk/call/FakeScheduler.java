package dev.parley.sdk.call;

import java.util.PriorityQueue;

/**
 * A fake clock: tasks run on the test thread when time is advanced past them. By default the test thread
 * counts as the SDK thread, so app actions run at once; with {@code appCallsQueue} it counts as an app
 * thread, so app actions queue behind the signals and engine events already waiting, as they would on a
 * real SDK thread (the shared scenarios rely on that order).
 */
public final class FakeScheduler implements Scheduler {

    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private final boolean appCallsQueue;
    private long now;
    private long sequence;
    private boolean running;

    public FakeScheduler() {
        this(false);
    }

    FakeScheduler(boolean appCallsQueue) {
        this.appCallsQueue = appCallsQueue;
    }

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

    public long now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public Task schedule(Runnable task, long delayMs) {
        Timed timed = new Timed(now + delayMs, task);
        queue.add(timed);
        return timed;
    }

    @Override
    public Task repeat(Runnable task, long periodMs) {
        Timed[] current = new Timed[1];
        Task handle = () -> current[0].cancel();
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            task.run();
            if (!current[0].cancelled) current[0] = (Timed) schedule(step[0], periodMs);
        };
        current[0] = (Timed) schedule(step[0], periodMs);
        return handle;
    }

    @Override
    public boolean inThread() {
        return !appCallsQueue || running;
    }

    @Override
    public void shutdown() {
        queue.clear();
    }

    /** Runs everything due now, including what that schedules for now. */
    public void runPending() {
        advance(0);
    }

    public void advance(long ms) {
        long target = now + ms;
        while (!queue.isEmpty() && queue.peek().at <= target) {
            Timed next = queue.poll();
            now = Math.max(now, next.at);
            if (next.cancelled) continue;
            running = true;
            try {
                next.task.run();
            } finally {
                running = false;
            }
        }
        now = target;
    }
}
