package dev.parley.conference.core;

import dev.parley.common.time.FakeScheduler;
import dev.parley.conference.janus.JanusMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Janus's janus_http.c long polls: up to maxev events at once, a wait, then a keepalive; a bounded queue. */
class LongPollQueueTest {

    final FakeScheduler scheduler = new FakeScheduler();
    final List<Boolean> overflowed = new ArrayList<>();
    final LongPollQueue queue = new LongPollQueue(3, Duration.ofSeconds(25), scheduler, Runnable::run, () -> overflowed.add(true));
    final List<List<JanusMessage>> answers = new ArrayList<>();

    static JanusMessage event(int n) {
        return new JanusMessage.WebrtcUp(1, n);
    }

    @Test
    void aWaitingPollGetsTheNextEventAtOnce() {
        queue.poll(10, answers::add);
        assertThat(answers).isEmpty();

        queue.send(event(1));

        assertThat(answers).containsExactly(List.of(event(1)));
    }

    @Test
    void aPollTakesUpToMaxevQueuedEventsInOrder() {
        queue.send(event(1));
        queue.send(event(2));
        queue.send(event(3));

        queue.poll(2, answers::add);
        queue.poll(2, answers::add);

        assertThat(answers).containsExactly(List.of(event(1), event(2)), List.of(event(3)));
    }

    @Test
    void aPollWithNothingToSayGetsAKeepaliveAfterTheWait() {
        queue.poll(1, answers::add);

        scheduler.advance(Duration.ofMillis(24_999));
        assertThat(answers).isEmpty();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(answers).containsExactly(List.of(new JanusMessage.Keepalive()));
    }

    @Test
    void aNewerPollAnswersTheOlderWithAKeepalive() {
        List<List<JanusMessage>> older = new ArrayList<>();
        queue.poll(1, older::add);

        queue.poll(1, answers::add);
        queue.send(event(1));

        assertThat(older).containsExactly(List.of(new JanusMessage.Keepalive()));
        assertThat(answers).containsExactly(List.of(event(1)));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void overflowsWhenNobodyPolls() {
        for (int i = 1; i <= 3; i++) {
            queue.send(event(i));
        }
        assertThat(overflowed).isEmpty();

        queue.send(event(4));

        assertThat(overflowed).containsExactly(true);
        assertThat(queue.queued()).isZero();
    }

    @Test
    void closingAnswersAWaitingPoll() {
        queue.poll(5, answers::add);

        queue.close();

        assertThat(answers).containsExactly(List.of(new JanusMessage.Keepalive()));
    }
}
