package dev.parley.sdk.call;

import java.util.concurrent.Executor;

/**
 * The one thread the call state machines (and the conference sessions of {@code dev.parley.sdk.conference}) run
 * on, with its timers. The SDK's own is {@link SdkThread}; tests use a fake clock. Public for the SDK's packages,
 * not an API for apps.
 */
public interface Scheduler extends Executor {

    /** A scheduled task; cancelling a run or cancelled task does nothing. */
    interface Task {
        void cancel();
    }

    Task schedule(Runnable task, long delayMs);

    /** Runs {@code task} every {@code periodMs}, first after one period. */
    Task repeat(Runnable task, long periodMs);

    /** Whether the caller runs on the scheduler's thread. */
    boolean inThread();

    void shutdown();
}
