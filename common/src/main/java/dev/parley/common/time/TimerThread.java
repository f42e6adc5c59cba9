package dev.parley.common.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread with timers, as a {@link Scheduler} on {@link System#nanoTime()}: the clock of serial queues
 * whose timers only hand work on ({@link SerialScheduler}), so its tasks are short. A failing task is logged and
 * does not stop the thread or a repeating timer; after {@link #close} new tasks are ignored. Thread-safe.
 */
public final class TimerThread implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimerThread.class);
    private static final Task NOTHING = () -> { };

    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    /** Starts the thread, named {@code name}. */
    public TimerThread(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("timer thread closed; task dropped");
        }
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        try {
            ScheduledFuture<?> future = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return NOTHING;
        }
    }

    @Override
    public Task repeat(Runnable task, Duration period) {
        try {
            long nanos = period.toNanos();
            ScheduledFuture<?> future = executor.scheduleAtFixedRate(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return NOTHING;
        }
    }

    @Override
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Stops the thread; pending timers do not run. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("A timer task failed", e);
            }
        };
    }
}
