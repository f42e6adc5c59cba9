package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.BracketParams;
import dev.parley.api.http.Params;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import dev.parley.storage.model.UserQuery.Condition;
import dev.parley.storage.model.UserQuery.Operator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserListQueryTest {

    private final UserListQuery parser = new UserListQuery(10, 100);

    private static Params query(String text) {
        return Params.of(BracketParams.parse(text, 100));
    }

    @Test
    void v1DefaultsToTheFirstPageOrderedById() {
        UserListQuery.V1 v1 = parser.v1(7, query(""), List.of());
        assertThat(v1.page()).isEqualTo(1);
        assertThat(v1.perPage()).isEqualTo(10);
        assertThat(v1.query()).isEqualTo(new UserQuery(7, List.of(), UserField.ID, true, 0, 10));
    }

    @Test
    void v1ParsesFiltersOrderAndPage() {
        UserListQuery.V1 v1 = parser.v1(7, query("page=3&per_page=20&order=desc+date+created_at"
                + "&filter[]=number+id+in+1,2,3&filter[]=string+full_name+eq+John+Smith"
                + "&filter[]=date+updated_at+gt+2026-01-01T00:00:00Z&filter[]=number+external_user_id+between+5,9"), List.of());
        assertThat(v1.query().offset()).isEqualTo(40);
        assertThat(v1.query().sortField()).isEqualTo(UserField.CREATED_AT);
        assertThat(v1.query().ascending()).isFalse();
        assertThat(v1.query().conditions()).containsExactly(
                new Condition(UserField.ID, Operator.IN, List.of(1L, 2L, 3L)),
                new Condition(UserField.FULL_NAME, Operator.EQ, List.of("John Smith")),
                new Condition(UserField.UPDATED_AT, Operator.GT, List.of(Instant.parse("2026-01-01T00:00:00Z"))),
                new Condition(UserField.EXTERNAL_USER_ID, Operator.BETWEEN, List.of(5L, 9L)));
    }

    @Test
    void v1SplitsQuickBloxCommaJoinedFilters() {
        UserListQuery.V1 v1 = parser.v1(7, query("filter[]=number+id+in+1,2,string+login+eq+x,y"), List.of());
        assertThat(v1.query().conditions()).containsExactly(
                new Condition(UserField.ID, Operator.IN, List.of(1L, 2L)),
                new Condition(UserField.LOGIN, Operator.EQ, List.of("x,y")));
    }

    @Test
    void v2ParsesPlainValuesOperatorsListsAndSort() {
        UserQuery q = parser.v2(7, query("offset=5&limit=50&login=bob&id[in][]=1&id[in][]=2&full_name[start_with]=Jo"
                + "&created_at[lte]=1700000000&user_tags[in]=a,b&is_guest=false&sort_desc=last_request_at"));
        assertThat(q.offset()).isEqualTo(5);
        assertThat(q.limit()).isEqualTo(50);
        assertThat(q.sortField()).isEqualTo(UserField.LAST_REQUEST_AT);
        assertThat(q.ascending()).isFalse();
        assertThat(q.conditions()).containsExactlyInAnyOrder(
                new Condition(UserField.LOGIN, Operator.EQ, List.of("bob")),
                new Condition(UserField.ID, Operator.IN, List.of(1L, 2L)),
                new Condition(UserField.FULL_NAME, Operator.START_WITH, List.of("Jo")),
                new Condition(UserField.CREATED_AT, Operator.LTE, List.of(Instant.ofEpochSecond(1700000000L))),
                new Condition(UserField.USER_TAGS, Operator.IN, List.of("a", "b")),
                new Condition(UserField.IS_GUEST, Operator.EQ, List.of(false)));
    }

    @Test
    void badInputIsA422NamingTheParameter() {
        assertError(() -> parser.v1(7, query("per_page=0"), List.of()), "per_page");
        assertError(() -> parser.v1(7, query("page=0"), List.of()), "page");
        assertError(() -> parser.v1(7, query("filter[]=number+id"), List.of()), "filter");
        assertError(() -> parser.v1(7, query("filter[]=number+id+between+1"), List.of()), "filter");
        assertError(() -> parser.v1(7, query("filter[]=date+created_at+gt+yesterday"), List.of()), "filter");
        assertError(() -> parser.v2(7, query("limit=101")), "limit");
        assertError(() -> parser.v2(7, query("offset=-1")), "offset");
        assertError(() -> parser.v2(7, query("id[start_with]=1")), "id[start_with]");
        assertError(() -> parser.v2(7, query("is_guest=maybe")), "is_guest");
        assertError(() -> parser.v2(7, query("sort_asc=color")), "sort_asc");
        StringBuilder many = new StringBuilder("id[in]=");
        for (int i = 0; i < 101; i++) {
            many.append(i).append(',');
        }
        assertError(() -> parser.v2(7, query(many.toString())), "id[in]");
    }

    @Test
    void datesOutsideTheYears0001To9999AreA422NamingTheParameter() {
        assertError(() -> parser.v2(7, query("created_at[gt]=99999999999999999")), "created_at[gt]");
        assertError(() -> parser.v2(7, query("updated_at[between]=0,99999999999999999")), "updated_at[between]");
        assertError(() -> parser.v1(7, query("filter[]=date+created_at+gt+99999999999999999"), List.of()), "filter");
        assertError(() -> parser.v1(7, query("filter[]=date+created_at+lt+%2B1000000000-01-01T00:00:00Z"), List.of()),
                "filter");
        assertError(() -> parser.v2(7, query("created_at[gt]=0000-12-31T23:59:59Z")), "created_at[gt]");
        assertError(() -> parser.v2(7, query("created_at[gt]=99999999999999999999999")), "created_at[gt]");
        assertThatThrownBy(() -> parser.v2(7, query("created_at[gt]=253402300800")))
                .hasMessageContaining("must be a time in the years 0001 to 9999 (Unix seconds 0 to 253402300799): 253402300800");
        assertThat(parser.v2(7, query("created_at[gt]=253402300799&updated_at[lt]=0001-01-01T00:00:00Z")).conditions())
                .containsExactlyInAnyOrder(
                        new Condition(UserField.CREATED_AT, Operator.GT, List.of(Instant.parse("9999-12-31T23:59:59Z"))),
                        new Condition(UserField.UPDATED_AT, Operator.LT, List.of(Instant.parse("0001-01-01T00:00:00Z"))));
    }

    @Test
    void unixSecondsAreAsciiDigitsOnly() {
        assertError(() -> parser.v2(7, query("created_at[gt]=%D9%A1%D9%A7")), "created_at[gt]");
        assertError(() -> parser.v2(7, query("created_at[gt]=-1")), "created_at[gt]");
    }

    @Test
    void textValuesAreComparedInTheNormalFormTheyAreStoredIn() {
        assertThat(parser.v2(7, query("login=zoe%CC%88&full_name[start_with]=Zoe%CC%88")).conditions())
                .containsExactlyInAnyOrder(new Condition(UserField.LOGIN, Operator.EQ, List.of("zo\u00eb")),
                        new Condition(UserField.FULL_NAME, Operator.START_WITH, List.of("Zo\u00eb")));
    }

    @Test
    void contactDetailsMatchOnlyExactlyAndNeverSort() {
        assertThat(parser.v2(7, query("email=a@example.com")).conditions()).hasSize(1);
        assertThat(parser.v2(7, query("phone[in]=1,2")).conditions()).hasSize(1);
        assertError(() -> parser.v2(7, query("email[start_with]=a")), "email[start_with]");
        assertError(() -> parser.v2(7, query("phone[gt]=1")), "phone[gt]");
        assertError(() -> parser.v2(7, query("email[ne]=a@example.com")), "email[ne]");
        assertError(() -> parser.v2(7, query("sort_asc=email")), "sort_asc");
        assertError(() -> parser.v1(7, query("order=asc+string+phone"), List.of()), "order");
        assertError(() -> parser.v1(7, query("filter[]=string+email+gt+m"), List.of()), "filter");
    }

    @Test
    void tagsTakeOnlyMembershipOperators() {
        assertThat(parser.v2(7, query("user_tags[nin]=a")).conditions()).hasSize(1);
        assertError(() -> parser.v2(7, query("user_tags[lt]=a")), "user_tags[lt]");
        assertError(() -> parser.v2(7, query("sort_desc=user_tags")), "sort_desc");
    }

    @Test
    void v1TypeWordMustBeKnownAndCacheBustersAreIgnored() {
        assertError(() -> parser.v1(7, query("filter[]=text+login+eq+x"), List.of()), "filter");
        assertError(() -> parser.v1(7, query("order=asc+text+login"), List.of()), "order");
        assertThat(parser.v2(7, query("_=1700000000&login=x")).conditions()).hasSize(1);
    }

    private static void assertError(Runnable call, String parameter) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).containsKey(parameter);
        });
    }
}
