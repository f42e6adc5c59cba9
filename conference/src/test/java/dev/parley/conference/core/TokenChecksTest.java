package dev.parley.conference.core;

import dev.parley.common.time.FakeScheduler;
import dev.parley.conference.auth.ConferenceAuth.Rejected;
import dev.parley.conference.auth.ConferenceAuth.Unavailable;
import dev.parley.conference.auth.ConferenceAuth.Verification;
import dev.parley.conference.auth.ConferenceAuth.Verified;
import dev.parley.conference.testing.FakeAuth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class TokenChecksTest {

    final FakeScheduler clock = new FakeScheduler();
    final FakeAuth auth = new FakeAuth();
    /** The workers: checks wait here until {@link #work} runs them, as on a slow database. */
    final Queue<Runnable> workers = new ArrayDeque<>();
    final Executor core = Runnable::run;
    final TokenChecks checks = new TokenChecks(auth, Duration.ofSeconds(5), clock, core, workers::add);
    final List<Verification> answers = new ArrayList<>();

    void work() {
        while (!workers.isEmpty()) {
            workers.poll().run();
        }
    }

    @Test
    void requestsArrivingDuringACheckWaitForThatCheck() {
        auth.user("t", 1, 10, null);

        for (int i = 0; i < 40; i++) {
            checks.check("t", answers::add);
        }
        assertThat(answers).isEmpty();
        work();

        assertThat(auth.checks()).isEqualTo(1);
        assertThat(answers).hasSize(40).allSatisfy(answer -> assertThat(answer).isInstanceOf(Verified.class));
    }

    @Test
    void aValidTokenIsRememberedForTheRecheckInterval() {
        auth.user("t", 1, 10, null);
        checks.check("t", answers::add);
        work();

        clock.advance(Duration.ofMillis(4_999));
        checks.check("t", answers::add);
        assertThat(workers).as("answered from memory").isEmpty();
        assertThat(answers).hasSize(2).allSatisfy(answer -> assertThat(answer).isInstanceOf(Verified.class));

        auth.expire("t");
        clock.advance(Duration.ofMillis(1));
        checks.check("t", answers::add);
        work();
        assertThat(answers.getLast()).isInstanceOf(Rejected.class);
        assertThat(auth.checks()).isEqualTo(2);
    }

    @Test
    void neverPastTheSessionsExpiry() {
        auth.user("t", 1, 10, null, Duration.ofSeconds(1));
        checks.check("t", answers::add);
        work();

        clock.advance(Duration.ofSeconds(1));
        checks.check("t", answers::add);

        assertThat(workers).as("checked again once the session's time was up").hasSize(1);
    }

    @Test
    void rejectionsAndFailedChecksAreNotRemembered() {
        checks.check("unknown", answers::add);
        work();
        checks.check("unknown", answers::add);
        work();
        auth.user("t", 1, 10, null);
        auth.down(true);
        checks.check("t", answers::add);
        work();
        auth.down(false);
        checks.check("t", answers::add);
        work();

        assertThat(auth.checks()).isEqualTo(4);
        assertThat(answers).extracting(a -> a.getClass().getSimpleName())
                .containsExactly("Rejected", "Rejected", "Unavailable", "Verified");
        assertThat(answers.get(2)).isInstanceOf(Unavailable.class);
    }

    @Test
    void noWorkerFreeIsUnavailable() {
        TokenChecks refused = new TokenChecks(auth, Duration.ofSeconds(5), clock, core, task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        });
        auth.user("t", 1, 10, null);

        refused.check("t", answers::add);

        assertThat(answers).singleElement().isInstanceOf(Unavailable.class);
    }
}
