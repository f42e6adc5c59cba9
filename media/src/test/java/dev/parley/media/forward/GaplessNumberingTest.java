package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GaplessNumberingTest {

    @Test
    void droppedInputsTakeNoNumberAndSkippedOnesKeepTheirs() {
        GaplessNumbering numbering = new GaplessNumbering(1 << 16);
        numbering.start(65_534, 100);
        assertThat(numbering.forward(65_534)).isEqualTo(100);
        numbering.drop(65_535);
        assertThat(numbering.forward(0)).as("no gap for the dropped one, across the wrap").isEqualTo(101);
        // 1 is lost on the way in: 2 leaves a gap, and 1 arriving late fills it.
        assertThat(numbering.forward(2)).isEqualTo(103);
        assertThat(numbering.forward(1)).isEqualTo(102);
        assertThat(numbering.forward(1)).as("the same number again (a retransmission)").isEqualTo(102);
        assertThat(numbering.forward(65_535)).as("dropped stays dropped").isEqualTo(-1);
        assertThat(numbering.inputOf(102)).isEqualTo(1);
        assertThat(numbering.inputOf(101)).isZero();
        assertThat(numbering.inputOf(104)).as("not given yet").isEqualTo(-1);
    }

    @Test
    void anInsertedOutputStandsForNoInputAndTheNextInputsFollowIt() {
        GaplessNumbering numbering = new GaplessNumbering(1 << 16);
        numbering.start(10, 65_535);
        assertThat(numbering.forward(10)).isEqualTo(65_535);
        assertThat(numbering.insert()).as("across the wrap").isZero();
        assertThat(numbering.insert()).isEqualTo(1);
        assertThat(numbering.forward(12)).as("11 lost on the way in keeps a number of its own").isEqualTo(3);
        assertThat(numbering.forward(11)).isEqualTo(2);
        assertThat(numbering.inputOf(0)).isEqualTo(GaplessNumbering.INSERTED);
        assertThat(numbering.inputOf(1)).isEqualTo(GaplessNumbering.INSERTED);
        assertThat(numbering.inputOf(2)).isEqualTo(11);
        assertThat(numbering.inputOf(65_535)).isEqualTo(10);
    }

    @Test
    void forgetsWhatIsOlderThanItsWindowAndFollowsLongJumps() {
        GaplessNumbering numbering = new GaplessNumbering(1 << 16);
        numbering.start(10, 0);
        assertThat(numbering.forward(10)).isZero();
        assertThat(numbering.forward(10 + GaplessNumbering.WINDOW + 5)).isEqualTo(GaplessNumbering.WINDOW + 5);
        assertThat(numbering.forward(10)).as("older than the window").isEqualTo(-1);
        assertThat(numbering.inputOf(0)).isEqualTo(-1);
    }

    @Test
    void sevenBitPictureIdsWrapAt128() {
        GaplessNumbering numbering = new GaplessNumbering(1 << 7);
        numbering.start(126, 5);
        assertThat(numbering.forward(126)).isEqualTo(5);
        numbering.drop(127);
        assertThat(numbering.forward(0)).isEqualTo(6);
        numbering.start(40, 126);
        assertThat(numbering.forward(40)).isEqualTo(126);
        assertThat(numbering.forward(41)).isEqualTo(127);
        assertThat(numbering.forward(42)).isZero();
    }
}
