package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.BracketParams;
import dev.parley.api.http.Params;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import dev.parley.storage.model.UserQuery.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whatever the list parameters, the parser either gives a query storage can run (every date from
 * {@link UserQuery#FIRST_DATE} up to {@link UserQuery#END_OF_DATES}, page bounds kept) or fails with a 4xx
 * that names what was wrong; no other exception escapes it. Every edge value on every field and operator,
 * then random queries from a seed that a failure reports.
 */
class UserListQueryFuzzTest {

    private static final int RANDOM_QUERIES = 5000;
    private static final long FIRST_SECOND = UserQuery.FIRST_DATE.getEpochSecond();
    private static final long END_SECOND = UserQuery.END_OF_DATES.getEpochSecond();

    private final UserListQuery parser = new UserListQuery(10, 100);
    private final long seed = ListParameters.seed();

    @Test
    void everyEdgeValueOnEveryFieldAndOperatorGivesARunnableQueryOrA4xx() {
        for (String field : ListParameters.FIELDS) {
            for (String operator : ListParameters.OPERATORS) {
                for (String value : ListParameters.EDGE_VALUES) {
                    checkV1(ListParameters.v1Condition(field, operator, value));
                    checkV2(ListParameters.v2Condition(field, operator, value));
                }
            }
        }
    }

    @Test
    void randomQueriesGiveARunnableQueryOrA4xx() {
        ListParameters random = new ListParameters(seed);
        for (int i = 0; i < RANDOM_QUERIES; i++) {
            checkV1(random.v1Query());
            checkV2(random.v2Query());
        }
    }

    @Test
    void datesInTheStoredRangeParseAsIsoAndAsUnixSeconds() {
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            long seconds = random.nextLong(FIRST_SECOND, END_SECOND);
            Instant instant = Instant.ofEpochSecond(seconds);
            assertThat(createdAfter(instant.toString())).as("seed %d", seed).isEqualTo(instant);
            if (seconds >= 0) {
                assertThat(createdAfter(Long.toString(seconds))).as("seed %d", seed).isEqualTo(instant);
            }
        }
    }

    @Test
    void theRangeEndsExactlyAtTheYears0001And9999() {
        assertThat(createdAfter("0001-01-01T00:00:00Z")).isEqualTo(UserQuery.FIRST_DATE);
        assertThat(createdAfter("9999-12-31T23:59:59.999999999Z")).isEqualTo(UserQuery.END_OF_DATES.minusNanos(1));
        assertThat(createdAfter("253402300799")).isEqualTo(UserQuery.END_OF_DATES.minusSeconds(1));
        for (String outside : List.of("0000-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "253402300800",
                "99999999999999999", "9223372036854775808", "+1000000000-01-01T00:00:00Z")) {
            assertOutOfRange(outside);
        }
    }

    @Test
    void datesPastTheStoredRangeAreA422NamingTheParameter() {
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            long seconds = random.nextBoolean() ? random.nextLong(Instant.MIN.getEpochSecond(), FIRST_SECOND)
                    : random.nextLong(END_SECOND, Instant.MAX.getEpochSecond() + 1);
            assertOutOfRange(Instant.ofEpochSecond(seconds).toString());
            if (seconds >= 0) {
                assertOutOfRange(Long.toString(seconds));
            }
        }
    }

    private void assertOutOfRange(String text) {
        assertThatThrownBy(() -> createdAfter(text)).as("seed %d, %s", seed, text)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors().get("created_at[gt]")).singleElement().asString()
                            .contains("years 0001 to 9999");
                });
    }

    private Instant createdAfter(String text) {
        Condition condition = parser.v2(7, Params.of(Map.of("created_at", Map.of("gt", text)))).conditions().getFirst();
        return (Instant) condition.values().getFirst();
    }

    private void checkV1(String query) {
        check(query, () -> parser.v1(7, Params.of(BracketParams.parse(query, 500)), List.of()).query());
    }

    private void checkV2(String query) {
        check(query, () -> parser.v2(7, Params.of(BracketParams.parse(query, 500))));
    }

    private void check(String query, Supplier<UserQuery> parse) {
        String what = "seed " + seed + ", query " + (query.length() <= 400 ? query
                : query.substring(0, 400) + "... (" + query.length() + " characters)");
        UserQuery parsed;
        try {
            parsed = parse.get();
        } catch (ApiException e) {
            assertThat(e.status()).as(what).isIn(400, 422);
            assertThat(e.errors()).as(what).isNotEmpty();
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(what, e);
        }
        assertThat(parsed.limit()).as(what).isBetween(1, 100);
        assertThat(parsed.offset()).as(what).isNotNegative();
        for (Condition condition : parsed.conditions()) {
            assertThat(condition.values()).as(what).isNotEmpty();
            if (condition.field().type() == UserField.ValueType.DATE) {
                for (Object value : condition.values()) {
                    Instant instant = (Instant) value;
                    if (instant.isBefore(UserQuery.FIRST_DATE) || !instant.isBefore(UserQuery.END_OF_DATES)) {
                        fail("%s: date %s is outside what storage holds", what, instant);
                    }
                }
            }
        }
    }
}
