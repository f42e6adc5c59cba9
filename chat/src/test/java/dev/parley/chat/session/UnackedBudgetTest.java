package dev.parley.chat.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server keeps for clients that have not acknowledged, per user and in total. */
class UnackedBudgetTest {

    @Test
    void aUserIsRefusedOverTheirShareAndTheServerOverItsTotal() {
        UnackedBudget budget = new UnackedBudget(1000, 2500);
        assertThat(budget.reserve(1, 10, 600)).isEqualTo(UnackedBudget.Refusal.NONE);
        assertThat(budget.reserve(1, 10, 600)).isEqualTo(UnackedBudget.Refusal.USER);
        assertThat(budget.reserve(1, 11, 1000)).isEqualTo(UnackedBudget.Refusal.NONE);
        assertThat(budget.reserve(2, 10, 800)).as("the same id in another application is another user")
                .isEqualTo(UnackedBudget.Refusal.NONE);
        assertThat(budget.reserve(1, 12, 200)).isEqualTo(UnackedBudget.Refusal.SERVER);
        assertThat(budget.used()).isEqualTo(2400);

        budget.release(1, 10, 600);
        assertThat(budget.usedBy(1, 10)).isZero();
        assertThat(budget.reserve(1, 12, 200)).isEqualTo(UnackedBudget.Refusal.NONE);
    }

    @Test
    void aUserHoldingNothingMayAlwaysQueueOneStanza() {
        UnackedBudget budget = new UnackedBudget(1000, 10_000);
        assertThat(budget.reserve(1, 10, 5000)).isEqualTo(UnackedBudget.Refusal.NONE);
        assertThat(budget.reserve(1, 10, 1)).isEqualTo(UnackedBudget.Refusal.USER);
    }

    @Test
    void concurrentReservationsNeverExceedTheTotal() throws Exception {
        UnackedBudget budget = new UnackedBudget(1_000_000, 50_000);
        List<Future<?>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                long user = t;
                clients.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (budget.reserve(1, user, 100) == UnackedBudget.Refusal.NONE) {
                            assertThat(budget.used()).isLessThanOrEqualTo(50_000);
                            budget.release(1, user, 100);
                        }
                    }
                }));
            }
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(budget.used()).isZero();
    }
}
