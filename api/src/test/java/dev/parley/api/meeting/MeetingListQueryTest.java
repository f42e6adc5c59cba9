package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.BracketParams;
import dev.parley.api.http.Params;
import dev.parley.storage.model.MeetingField;
import dev.parley.storage.model.MeetingQuery;
import dev.parley.storage.model.MeetingQuery.Condition;
import dev.parley.storage.model.MeetingQuery.Operator;
import dev.parley.storage.model.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query of GET /meetings and /meetings/paged (docs/protocol.md section 2.3). */
class MeetingListQueryTest {

    private static final User ME = new User(7, 1, "me", "me@example.com", null, null, null, null, null, null, null, null,
            false, null, Instant.EPOCH, Instant.EPOCH, null);

    private static MeetingQuery parse(String query) {
        return MeetingListQuery.parse(1, ME, Params.of(BracketParams.parse(query, 100)));
    }

    private static String error(String query, String field) {
        try {
            parse(query);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).containsOnlyKeys(field);
            return e.errors().get(field).getFirst();
        }
        throw new AssertionError("accepted " + query);
    }

    @Test
    void defaultsToTheFirstHundredOfTheUsersMeetings() {
        assertThat(parse("")).isEqualTo(new MeetingQuery(1, 7, "me@example.com", List.of(), 0, 100));
        assertThat(parse("_id=&_=123")).isEqualTo(new MeetingQuery(1, 7, "me@example.com", List.of(), 0, 100));
    }

    @Test
    void readsLimitAndOffsetOrSkip() {
        assertThat(parse("limit=5&offset=10")).extracting(MeetingQuery::limit, MeetingQuery::offset).containsExactly(5, 10);
        assertThat(parse("limit=5&skip=20")).extracting(MeetingQuery::limit, MeetingQuery::offset).containsExactly(5, 20);
        assertThat(error("limit=0", "limit")).isEqualTo("must be between 1 and 100");
        assertThat(error("limit=101", "limit")).isEqualTo("must be between 1 and 100");
        assertThat(error("skip=-1", "skip")).isEqualTo("must be zero or more");
        assertThat(error("offset=x", "offset")).isEqualTo("must be an integer");
    }

    @Test
    void readsEveryFilterAndOperatorAsTheConnectyCubeSdkWritesThem() {
        MeetingQuery query = parse("start_at[gt]=1767225600&end_at[lte]=2026-02-01T00:00:00Z&created_at[gte]=1767225600"
                + "&updated_at[lt]=2026-01-01T00:00:00.500Z&scheduled=true&start_date[ne]=5&end_date[in]=1%2C2"
                + "&start_date[nin][]=3&start_date[nin][]=4");
        assertThat(query.conditions()).containsExactlyInAnyOrder(
                new Condition(MeetingField.START_DATE, Operator.GT, List.of(1_767_225_600L)),
                new Condition(MeetingField.END_DATE, Operator.LTE, List.of(1_769_904_000L)),
                new Condition(MeetingField.CREATED_AT, Operator.GTE, List.of(Instant.parse("2026-01-01T00:00:00Z"))),
                new Condition(MeetingField.UPDATED_AT, Operator.LT, List.of(Instant.parse("2026-01-01T00:00:00.500Z"))),
                new Condition(MeetingField.SCHEDULED, Operator.EQ, List.of(true)),
                new Condition(MeetingField.START_DATE, Operator.NE, List.of(5L)),
                new Condition(MeetingField.END_DATE, Operator.IN, List.of(1L, 2L)),
                new Condition(MeetingField.START_DATE, Operator.NIN, List.of(3L, 4L)));
        assertThat(parse("scheduled[eq]=0").conditions())
                .containsExactly(new Condition(MeetingField.SCHEDULED, Operator.EQ, List.of(false)));
        assertThat(parse("end_date[]=8&end_date[]=9").conditions())
                .containsExactly(new Condition(MeetingField.END_DATE, Operator.IN, List.of(8L, 9L)));
    }

    @Test
    void refusesUnknownFiltersOperatorsAndValuesThatDoNotFit() {
        assertThat(error("host_id=5", "host_id")).startsWith("unknown meeting filter: host_id");
        assertThat(error("start_date[between]=1,2", "start_date[between]")).startsWith("unknown operator: between");
        assertThat(error("scheduled[gt]=true", "scheduled[gt]")).isEqualTo("scheduled takes eq, ne, in or nin");
        assertThat(error("scheduled=maybe", "scheduled")).isEqualTo("must be true or false: maybe");
        assertThat(error("start_date[gt]=tomorrow", "start_date[gt]")).startsWith("must be Unix seconds");
        assertThat(error("created_at[lt]=1767225600000", "created_at[lt]")).contains("looks like milliseconds");
        assertThat(error("start_date[gt]=1,2", "start_date[gt]")).isEqualTo("needs a value");
        assertThat(error("start_date=", "start_date")).isEqualTo("needs a value");
    }

    @Test
    void boundsConditionsAndValues() {
        StringBuilder many = new StringBuilder("start_date[in]=0");
        for (int i = 1; i <= 100; i++) {
            many.append("%2C").append(i);
        }
        assertThat(error(many.toString(), "start_date[in]")).isEqualTo("at most 100 values");
        String twentyOne = "start_date[gt]=1&start_date[gte]=1&start_date[lt]=9&start_date[lte]=9&start_date[ne]=5"
                + "&end_date[gt]=1&end_date[gte]=1&end_date[lt]=9&end_date[lte]=9&end_date[ne]=5"
                + "&created_at[gt]=1&created_at[gte]=1&created_at[lt]=9&created_at[lte]=9&created_at[ne]=5"
                + "&updated_at[gt]=1&updated_at[gte]=1&updated_at[lt]=9&updated_at[lte]=9&updated_at[ne]=5";
        assertThat(parse(twentyOne).conditions()).hasSize(20);
        assertThatThrownBy(() -> parse(twentyOne + "&scheduled=1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors().get("scheduled")).containsExactly("at most 20 conditions"));
    }

    @Test
    void aUserWithoutEmailIsMatchedByIdOnly() {
        User guest = new User(8, 1, "guest", null, null, null, null, null, null, null, null, null, true, null,
                Instant.EPOCH, Instant.EPOCH, null);
        assertThat(MeetingListQuery.parse(1, guest, Params.empty()).userEmail()).isNull();
    }
}
