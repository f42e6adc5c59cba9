package dev.parley.common.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SerialSchedulerTest {

    private final FakeScheduler clock = new FakeScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aTaskSubmittedByARunningTaskRunsAfterItEvenOnADirectExecutor() {
        SerialScheduler serial = new SerialScheduler(Runnable::run, clock, "test");
        serial.execute(() -> {
            serial.execute(() -> ran.add("inner"));
            ran.add("outer");
        });
        assertThat(ran).containsExactly("outer", "inner");
    }

    @Test
    void timersPutTheirTaskOnTheQueueWhenTheyFallDue() {
        SerialScheduler serial = new SerialScheduler(Runnable::run, clock, "test");
        serial.schedule(() -> ran.add("late@" + serial.nanoTime()), Duration.ofSeconds(2));
        Scheduler.Task cancelled = serial.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
        cancelled.cancel();
        serial.repeat(() -> ran.add("tick"), Duration.ofMillis(900));

        clock.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("tick", "tick", "late@2000000000");
    }

    @Test
    void knowsWhetherTheCallerRunsOnIt() {
        SerialScheduler serial = new SerialScheduler(Runnable::run, clock, "test");
        assertThat(serial.inThread()).isFalse();
        serial.execute(() -> ran.add("inThread=" + serial.inThread()));
        assertThat(ran).containsExactly("inThread=true");
    }

    @Test
    void aFailingTaskDoesNotStopTheQueue() {
        SerialScheduler serial = new SerialScheduler(Runnable::run, clock, "test");
        serial.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        serial.execute(() -> ran.add("next"));
        assertThat(ran).containsExactly("next");
    }

    @Test
    void tasksFromManyThreadsRunOneAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialScheduler serial = new SerialScheduler(pool, clock, "test");
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 2000; i++) {
                pool.execute(() -> serial.execute(() -> {
                    if (inside.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    inside.decrementAndGet();
                    done.incrementAndGet();
                }));
            }
            Eventually.await("every task ran", Duration.ofSeconds(10), () -> done.get() == 2000);
            assertThat(overlaps).hasValue(0);
        } finally {
            pool.shutdownNow();
        }
    }
}
