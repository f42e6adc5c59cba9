package dev.parley.common.time;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * One thread (or serial executor) that runs tasks in order, with its timers and its monotonic clock.
 * State confined to that thread is read and changed only in tasks run here, so it needs no lock; timers
 * fire on the same thread. Code that keeps time takes a {@code Scheduler} rather than reading
 * {@link System#nanoTime()} or starting timers of its own, so that tests drive it with the fake scheduler
 * of common's test fixtures and advance time without sleeping.
 *
 * <p>The Java SDK has the same shape for its call state machines; this is the server side's.
 */
public interface Scheduler extends Executor {

    /** A scheduled task; cancelling a task that has run or was cancelled does nothing. */
    interface Task {
        void cancel();
    }

    /** Runs {@code task} on this scheduler's thread once {@code delay} has passed. */
    Task schedule(Runnable task, Duration delay);

    /** Runs {@code task} every {@code period}, first after one period, until cancelled. */
    Task repeat(Runnable task, Duration period);

    /** Whether the caller runs on this scheduler's thread. */
    boolean inThread();

    /** This scheduler's monotonic clock, in nanoseconds from an arbitrary origin (as {@link System#nanoTime()}). */
    long nanoTime();
}
