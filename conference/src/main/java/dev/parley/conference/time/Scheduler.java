package dev.parley.conference.time;

/**
 * Timers for sessions, long polls and rooms, so that tests drive them with a fake clock instead of sleeping. A task
 * runs on the scheduler's thread and must only hand work to the executor that owns the state it touches.
 *
 * <p>Kept minimal on purpose: it stands in for the scheduler being moved into {@code common} (sdk-java's {@code
 * Scheduler} is the model) and will be replaced by it.
 */
public interface Scheduler {

    /** A scheduled task; cancelling one that ran or was cancelled does nothing. */
    interface Task {
        void cancel();
    }

    Task schedule(Runnable task, long delayMs);
}
