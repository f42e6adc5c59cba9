package dev.parley.conference.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** Dominant speaker detection on synthetic level sequences and a fake clock: reports every 80 ms, as the media plane sends them. */
class DominantSpeakerTest {

    private static final int SPEECH = 20;
    private static final int LOUD = 5;
    private static final int NOISE = 60;
    private static final int SILENCE = 127;
    private static final long REPORT_MILLIS = 80;

    private final DominantSpeaker speakers = new DominantSpeaker(25);
    private long nowMillis = 1_000_000;
    /** When (ms from the start of a {@link #run}) the floor changed, and to whom. */
    private final List<String> changes = new ArrayList<>();

    /** Every participant in {@code levels} reports its level every 80 ms for {@code millis}. */
    private void run(long millis, Map<Long, Integer> levels) {
        changes.clear();
        for (long t = 0; t < millis; t += REPORT_MILLIS) {
            for (Map.Entry<Long, Integer> entry : levels.entrySet()) {
                if (speakers.level(entry.getKey(), entry.getValue(), nowMillis * 1_000_000)) {
                    changes.add(t + "ms " + speakers.dominant().orElseThrow());
                }
            }
            nowMillis += REPORT_MILLIS;
        }
    }

    private static Map<Long, Integer> levels(Object... idAndLevel) {
        Map<Long, Integer> levels = new LinkedHashMap<>();
        for (int i = 0; i < idAndLevel.length; i += 2) {
            levels.put(((Number) idAndLevel[i]).longValue(), (Integer) idAndLevel[i + 1]);
        }
        return levels;
    }

    private long switchedAfter() {
        assertThat(changes).hasSize(1);
        return Long.parseLong(changes.getFirst().substring(0, changes.getFirst().indexOf("ms")));
    }

    @Test
    void theFirstVoiceTakesTheFloorAfterASecondAndAHalfAndSilenceOrNoiseNever() {
        run(10_000, levels(1, SILENCE, 2, NOISE));
        assertThat(speakers.dominant()).isEmpty();

        run(3_000, levels(1, SPEECH, 2, NOISE));

        assertThat(changes).hasSize(1).first().asString().endsWith(" 1");
        assertThat(switchedAfter()).isBetween(1_000L, 1_600L);
    }

    @Test
    void talkingOverTheSpeakerDoesNotTakeTheFloorButGoingOnAfterTheyStopDoes() {
        run(3_000, levels(1, SPEECH, 2, SILENCE));
        assertThat(speakers.dominant()).hasValue(1);

        run(6_000, levels(1, SPEECH, 2, LOUD));
        assertThat(changes).as("both talk all along: 1 keeps the floor").isEmpty();

        run(3_000, levels(1, SILENCE, 2, SPEECH));
        assertThat(speakers.dominant()).hasValue(2);
        assertThat(switchedAfter()).as("not at once: after 2 clearly outspoke 1").isBetween(500L, 1_500L);
    }

    @Test
    void aCoughTakesNoFloor() {
        run(3_000, levels(1, SPEECH, 2, SILENCE));
        run(2_000, levels(1, SILENCE, 2, SILENCE));

        run(500, levels(1, SILENCE, 2, LOUD));
        run(3_000, levels(1, SILENCE, 2, SILENCE));

        assertThat(changes).isEmpty();
        assertThat(speakers.dominant()).hasValue(1);

        DominantSpeaker fresh = new DominantSpeaker(25);
        for (long t = 0; t < 500; t += REPORT_MILLIS) {
            assertThat(fresh.level(3, LOUD, t * 1_000_000)).isFalse();
        }
        assertThat(fresh.dominant()).as("nobody has the floor: a cough does not take it either").isEmpty();
    }

    @Test
    void aLongSilenceKeepsTheLastSpeakerUntilSomeoneSpeaks() {
        run(3_000, levels(1, SPEECH, 2, SILENCE));
        run(60_000, levels(1, SILENCE, 2, NOISE));
        assertThat(changes).isEmpty();
        assertThat(speakers.dominant()).hasValue(1);

        run(3_000, levels(1, SILENCE, 2, SPEECH));

        assertThat(changes).containsExactly(changes.getFirst()).first().asString().endsWith(" 2");
        assertThat(switchedAfter()).isBetween(1_000L, 1_600L);
    }

    @Test
    void reportsThatStopGoSilentAndASpeakerWhoLeavesFreesTheFloor() {
        run(3_000, levels(1, SPEECH, 2, SPEECH, 3, SILENCE));
        assertThat(speakers.dominant()).hasValue(1);

        speakers.remove(1);
        assertThat(speakers.dominant()).isEmpty();
        run(REPORT_MILLIS, levels(2, SPEECH, 3, SILENCE));
        assertThat(speakers.dominant()).as("2 has been talking: it takes the freed floor at once").hasValue(2);

        // 2 is muted (no packets, so no reports) and 3 speaks: 2's missing reports count as silence.
        run(3_000, levels(3, SPEECH));
        assertThat(speakers.dominant()).hasValue(3);

        speakers.remove(2);
        assertThat(speakers.dominant()).as("another leaving changes nothing").hasValue(3);
        speakers.remove(3);
        run(5_000, levels(4, NOISE));
        assertThat(speakers.dominant()).isEqualTo(OptionalLong.empty());
    }
}
