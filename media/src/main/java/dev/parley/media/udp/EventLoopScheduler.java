package dev.parley.media.udp;

import dev.parley.common.time.Scheduler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The media event loop as a {@link Scheduler}: tasks and timers run on the loop's thread. Thread-safe. */
public final class EventLoopScheduler implements Scheduler {

    private final EventLoop loop;

    public EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Task schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Task repeat(Runnable task, Duration period) {
        ScheduledFuture<?> future = loop.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public boolean inThread() {
        return loop.inEventLoop();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
