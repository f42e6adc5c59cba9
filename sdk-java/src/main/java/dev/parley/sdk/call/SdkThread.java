package dev.parley.sdk.call;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A daemon thread with timers: where the client's sessions live. */
public final class SdkThread implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SdkThread.class);

    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    public SdkThread(String name) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        if (executor.isShutdown()) return;
        executor.execute(guarded(task));
    }

    @Override
    public Task schedule(Runnable task, long delayMs) {
        if (executor.isShutdown()) return () -> { };
        ScheduledFuture<?> future = executor.schedule(guarded(task), delayMs, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Task repeat(Runnable task, long periodMs) {
        if (executor.isShutdown()) return () -> { };
        ScheduledFuture<?> future = executor.scheduleAtFixedRate(guarded(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    /** A failing task is logged; it must not kill the thread or stop a repeating timer. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("an SDK task failed", e);
            }
        };
    }
}
