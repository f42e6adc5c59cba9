package dev.parley.common.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationRoundsTest {

    static volatile Object sink;

    @Test
    void anAllocationInTheWorkShowsInEveryRound() {
        AllocationRounds rounds = AllocationRounds.measure(5, round -> sink = new byte[4096]);

        assertThat(rounds.bytes()).hasSize(5);
        assertThat(rounds.least()).as("per round: %s", rounds).isGreaterThanOrEqualTo(4096);
    }
}
