package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The retransmissions' share of a downlink, on a fake clock. */
class RetransmissionBudgetTest {

    private static final long MS = 1_000_000;

    @Test
    void withoutAnEstimateNothingLimits() {
        RetransmissionBudget budget = new RetransmissionBudget();
        for (int i = 0; i < 1_000; i++) {
            assertThat(budget.take(1_200, 0, i * MS)).isTrue();
        }
    }

    @Test
    void refillsAtAQuarterOfTheEstimateHoweverOftenItIsAsked() {
        RetransmissionBudget budget = new RetransmissionBudget();
        long now = 1_000 * MS;
        // 40 kbit/s: a quarter is 1250 B/s; the bucket holds its minimum depth, three full packets.
        assertThat(budget.take(RetransmissionBudget.MIN_DEPTH_BYTES, 40_000, now)).isTrue();
        assertThat(budget.take(1, 40_000, now)).isFalse();

        // Asked every half millisecond for 2 s (each time less than a byte comes back): 2500 B, two 1200-byte packets.
        int taken = 0;
        for (int i = 1; i <= 4_000; i++) {
            if (budget.take(1_200, 40_000, now + i * MS / 2)) {
                taken++;
            }
        }
        assertThat(taken).isEqualTo(2);
    }
}
