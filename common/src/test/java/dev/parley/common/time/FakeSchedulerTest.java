package dev.parley.common.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FakeSchedulerTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsTasksInDueOrderAtTheirDueTime() {
        scheduler.schedule(() -> ran.add("b@" + scheduler.nanoTime()), Duration.ofMillis(20));
        scheduler.schedule(() -> ran.add("a@" + scheduler.nanoTime()), Duration.ofMillis(10));
        scheduler.execute(() -> ran.add("now"));
        assertThat(ran).isEmpty();

        scheduler.advance(Duration.ofMillis(15));
        assertThat(ran).containsExactly("now", "a@10000000");
        scheduler.advance(Duration.ofMillis(15));
        assertThat(ran).containsExactly("now", "a@10000000", "b@20000000");
        assertThat(scheduler.nanoTime()).isEqualTo(30_000_000);
    }

    @Test
    void cancelledTasksDoNotRun() {
        Scheduler.Task task = scheduler.schedule(() -> ran.add("x"), Duration.ofSeconds(1));
        task.cancel();
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void repeatsEveryPeriodUntilCancelled() {
        Scheduler.Task task = scheduler.repeat(() -> ran.add("tick"), Duration.ofSeconds(5));
        scheduler.advance(Duration.ofSeconds(16));
        assertThat(ran).hasSize(3);
        task.cancel();
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(ran).hasSize(3);
    }
}
