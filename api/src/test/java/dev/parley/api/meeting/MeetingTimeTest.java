package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meeting times: Unix seconds or ISO-8601, from 1970 to 9999 (docs/protocol.md section 2.3). */
class MeetingTimeTest {

    @Test
    void readsUnixSecondsAsNumbersOrTextWithOrWithoutAFraction() {
        assertThat(MeetingTime.read(1_767_225_600, "t")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(MeetingTime.read(1_767_225_600L, "t")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(MeetingTime.read(" 1767225600 ", "t")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(MeetingTime.read(1_767_225_600.25, "t")).isEqualTo(Instant.parse("2026-01-01T00:00:00.250Z"));
        assertThat(MeetingTime.read(new BigDecimal("1767225600.5"), "t")).isEqualTo(Instant.parse("2026-01-01T00:00:00.500Z"));
        assertThat(MeetingTime.seconds("1767225600.999", "t")).isEqualTo(1_767_225_600L);
    }

    @Test
    void readsIsoInstantsWithZOrAnOffset() {
        assertThat(MeetingTime.read("2026-01-01T10:00:00Z", "t")).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(MeetingTime.read("2026-01-01T10:00:00.123+02:00", "t")).isEqualTo(Instant.parse("2026-01-01T08:00:00.123Z"));
    }

    @Test
    void acceptsTheWholeRangeAndNothingOutsideIt() {
        assertThat(MeetingTime.read(0, "t")).isEqualTo(Instant.EPOCH);
        assertThat(MeetingTime.read(253_402_300_799L, "t")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        for (Object outside : List.of(-1, 253_402_300_800L, "-1", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                "99999999999999999999999999")) {
            assertThatThrownBy(() -> MeetingTime.read(outside, "start_date")).as(String.valueOf(outside))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.errors()).containsOnlyKeys("start_date");
                    });
        }
    }

    @Test
    void millisecondsAreRefusedWithAHint() {
        assertThatThrownBy(() -> MeetingTime.read(1_767_225_600_000L, "end_date"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().get("end_date").getFirst())
                        .contains("1767225600000 looks like milliseconds"));
    }

    @Test
    void refusesWhatIsNotATime() {
        for (Object bad : List.of("tomorrow", "2026-01-01T10:00:00", "2026-01-01", "", "1e9", true, List.of(1),
                Double.NaN, Double.POSITIVE_INFINITY)) {
            assertThatThrownBy(() -> MeetingTime.read(bad, "t")).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors().get("t"))
                            .containsExactly("must be Unix seconds or an ISO-8601 time, from 1970 to 9999"));
        }
        assertThatThrownBy(() -> MeetingTime.read(null, "t")).isInstanceOf(ApiException.class);
    }
}
