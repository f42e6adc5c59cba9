package dev.parley.conference.time;

import io.vertx.core.Vertx;

/** Timers on Vert.x: each task runs on an event loop, so it must only hand work on. Thread-safe. */
public final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    public VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Task schedule(Runnable task, long delayMs) {
        long id = vertx.setTimer(Math.max(1, delayMs), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
