package dev.parley.sdk.webrtc;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own threads, all daemons: one ticks the synthetic cameras and screens, one the
 * synthetic microphones (so that painting a large frame never delays a 10 ms audio chunk), and one
 * runs the native steps of SDP exchanges and completes the SDK's futures. The tick queues hold one
 * entry per open feed; the ops queue is bounded and refuses work beyond {@value #OPS_QUEUE}.
 */
final class EngineThreads {

    static final int OPS_QUEUE = 256;
    private static final long SHUTDOWN_WAIT_MS = 2_000;

    final ScheduledExecutorService videoTicks = scheduler("parley-synthetic-video");
    final ScheduledExecutorService audioTicks = scheduler("parley-synthetic-audio");
    final ExecutorService ops = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(OPS_QUEUE), daemon("parley-webrtc-ops"));

    private static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon(name));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops all three, waiting a bounded time for a running task to end. */
    void shutdown() throws InterruptedException {
        List<ExecutorService> all = List.of(videoTicks, audioTicks, ops);
        all.forEach(ExecutorService::shutdown);
        for (ExecutorService executor : all) {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) executor.shutdownNow();
        }
    }
}
