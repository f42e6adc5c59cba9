package dev.parley.conference.time;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time in the order they were submitted, on a shared executor: the ordered queue a Janus core or
 * a video room handles its state on (ARCHITECTURE.md, "Rules of the house"). State touched only from one serial
 * executor needs no locks. A task submitted from a running task of the same executor runs after it, never inside it,
 * also over a direct executor (as tests use), so the order is the same everywhere. A failing task is logged and does
 * not stop the queue.
 *
 * <p>Thread-safe: {@link #execute} may be called from any thread.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor shared;
    private final String name;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    /**
     * @param shared where the queue is drained; {@code Runnable::run} drains it on the submitting thread
     * @param name   named in logs
     */
    public SerialExecutor(Executor shared, String name) {
        this.shared = shared;
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

    private void drain() {
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
    }
}
