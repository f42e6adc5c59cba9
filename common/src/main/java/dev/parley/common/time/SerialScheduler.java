package dev.parley.common.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An ordered queue on a shared executor, with timers: the "one ordered queue" a Janus core or a video room keeps
 * its state on (ARCHITECTURE.md, rules of the house). Tasks run one at a time in the order they were submitted;
 * state touched only from them needs no lock. A task submitted from a running task runs after it, never inside
 * it, also over a direct executor (as tests use), so the order is the same everywhere. Timers come from another
 * {@link Scheduler} (the clock) and put their task on this queue when they fall due. A failing task is logged and
 * does not stop the queue.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class SerialScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SerialScheduler.class);

    private final Executor shared;
    private final Scheduler clock;
    private final String name;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private volatile Thread draining;

    /**
     * @param shared where the queue is drained; {@code Runnable::run} drains it on the submitting thread
     * @param clock  whose timers and time this scheduler uses
     * @param name   named in logs
     */
    public SerialScheduler(Executor shared, Scheduler clock, String name) {
        this.shared = shared;
        this.clock = clock;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            shared.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Shutting down: what is queued will not run.
            LOG.debug("{} no longer runs tasks", name);
            synchronized (queue) {
                queue.clear();
                running = false;
            }
        }
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        return clock.schedule(() -> execute(task), delay);
    }

    @Override
    public Task repeat(Runnable task, Duration period) {
        return clock.repeat(() -> execute(task), period);
    }

    @Override
    public boolean inThread() {
        return draining == Thread.currentThread();
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    private void drain() {
        Thread previous = draining;
        draining = Thread.currentThread();
        try {
            while (true) {
                Runnable next;
                synchronized (queue) {
                    next = queue.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("A task of {} failed", name, e);
                }
            }
        } finally {
            draining = previous;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
