package dev.parley.api.user;

import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery.Operator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Random and adversarial query strings for the two user-list syntaxes ({@link UserListQuery}): every list
 * parameter, with values at and past the edges of what each field type holds (dates past year 9999 and past
 * what {@link java.time.Instant} holds, numbers past a long, NUL, SQL wildcards, lone surrogates, over-long
 * text) mixed with plausible ones, and bracket and percent-encoding junk. Every string is a valid URI query.
 * Shared with the server's HTTP fuzz test, which sends the same strings to the real server.
 * <p>
 * Seeded, so that a failure names the seed that reproduces it: run with {@code -Dparley.test.seed=N}.
 * Not thread-safe.
 */
public final class ListParameters {

    /** Values that have broken, or could break, a parser or a database bind. */
    public static final List<String> EDGE_VALUES = List.of(
            // dates: Unix seconds and ISO-8601 at and past the years 0001..9999, Instant's and PostgreSQL's ends
            "0", "1700000000", "253402300799", "253402300800", "99999999999999999", "31556889864403199",
            "31556889864403200", "000000000000000000000001700000000", "1700000000.5", "1e9",
            "+1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "0000-12-31T23:59:59.999Z", "-0001-01-01T00:00:00Z", "-4713-11-24T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z",
            "2026-11-01T00:00:00Z", "2026-11-01T00:00:00+14:00", "2026-11-01T00:00:00-18:00", "2026-02-30T00:00:00Z",
            "2026-11-01", "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660", "now",
            // numbers
            "1", "-1", "+1", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "99999999999999999999999", "2147483647", "2147483648", "1000001", "1.5",
            "0x1F", "\u0663", "NaN",
            // booleans
            "true", "false", "yes", "TRUE", "2",
            // text
            "", " ", "anna", "ANNA", "%", "_", "\\", "'", "\"", "a,b", ",", ",,", "\u0000", "x\u0000y", "\u00e9",
            "e\u0301", "\u0130", "\u202e", "\u200b", "\u00a0", "\ud83d\ude00", "\ud800", "\udc00x", "\ufffd", "[",
            "]", "[]", "=", "&", "+", "%00", "x".repeat(255), "x".repeat(256), "y".repeat(3000));

    /** Every field name the lists know, in their spellings, and some they do not. */
    public static final List<String> FIELDS = names(Arrays.stream(UserField.values()).map(UserField::apiName),
            "tags", "password_hash", "nope", "ID", "id]", "");
    /** Every operator, and some that do not exist. */
    public static final List<String> OPERATORS = names(
            Arrays.stream(Operator.values()).map(o -> o.name().toLowerCase(Locale.ROOT)), "like", "GT", "in]", "");
    private static final List<String> TYPE_WORDS = List.of("number", "string", "date", "boolean", "float", "");
    private static final List<String> CONTROL_NUMBERS = List.of("0", "1", "-1", "10", "100", "101", "1000000",
            "1000001", "2147483647", "2147483648", "9223372036854775808", "1.5", "x", "");
    private static final List<String> JUNK = List.of("a", "=", "&", "%5B", "%5D", "%5B%5D", "%00", "%25", "filter",
            "id", "gt", "+", ",");

    private final Random random;

    public ListParameters(long seed) {
        this.random = new Random(seed);
    }

    /** The seed to use: {@code -Dparley.test.seed} when given, else a new one each run. */
    public static long seed() {
        String given = System.getProperty("parley.test.seed", "");
        return given.isBlank() ? new Random().nextLong() : Long.parseLong(given.trim());
    }

    /** {@code filter[]=date <field> <operator> <value>}: one v1 condition. */
    public static String v1Condition(String field, String operator, String value) {
        return pair("filter[]", "date " + field + " " + operator + " " + value);
    }

    /** {@code <field>[<operator>]=<value>}: one v2 condition. */
    public static String v2Condition(String field, String operator, String value) {
        return pair(field + "[" + operator + "]", value);
    }

    /** A {@code GET /users} query: {@code filter[]}, {@code filter}, {@code order}, {@code page}, {@code per_page}. */
    public String v1Query() {
        return pairs(() -> switch (random.nextInt(6)) {
            case 0 -> pair("filter[]", filter());
            case 1 -> pair("filter", String.join(",", list(1 + random.nextInt(3), this::filter)));
            case 2 -> pair("order", pick(List.of("asc", "desc", "up", "")) + " " + pick(TYPE_WORDS) + " " + pick(FIELDS));
            case 3 -> pair("page", pick(CONTROL_NUMBERS));
            case 4 -> pair("per_page", pick(CONTROL_NUMBERS));
            default -> junk();
        });
    }

    /**
     * A {@code GET /users/v2} query: {@code <field>=v}, {@code <field>[]=v}, {@code <field>[<op>]=v},
     * {@code <field>[<op>][]=v}, {@code offset}/{@code skip}/{@code limit}, {@code sort_asc}/{@code sort_desc}.
     */
    public String v2Query() {
        return pairs(() -> switch (random.nextInt(7)) {
            case 0 -> pair(pick(FIELDS), value());
            case 1 -> pair(pick(FIELDS) + "[]", value());
            case 2 -> pair(pick(FIELDS) + "[" + pick(OPERATORS) + "]", value());
            case 3 -> pair(pick(FIELDS) + "[" + pick(OPERATORS) + "][]", value());
            case 4 -> pair(pick(List.of("offset", "skip", "limit")), pick(CONTROL_NUMBERS));
            case 5 -> pair(pick(List.of("sort_asc", "sort_desc")), pick(FIELDS));
            default -> junk();
        });
    }

    /** An edge value, random text of any characters, or a comma-joined list of those. */
    public String value() {
        if (random.nextInt(4) == 0) {
            return String.join(",", list(2 + random.nextInt(3), this::oneValue));
        }
        return oneValue();
    }

    private String oneValue() {
        if (random.nextInt(4) > 0) {
            return pick(EDGE_VALUES);
        }
        // Any UTF-16 units, surrogates and controls included.
        return random.ints(random.nextInt(20), 0, 0x10000).mapToObj(c -> String.valueOf((char) c))
                .reduce("", String::concat);
    }

    private String filter() {
        return pick(TYPE_WORDS) + " " + pick(FIELDS) + " " + pick(OPERATORS) + " " + value();
    }

    private String junk() {
        return String.join("", list(1 + random.nextInt(8), () -> pick(JUNK)));
    }

    private String pairs(Supplier<String> pair) {
        return String.join("&", list(random.nextInt(7), pair));
    }

    private List<String> list(int size, Supplier<String> item) {
        return IntStream.range(0, size).mapToObj(i -> item.get()).toList();
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static List<String> names(Stream<String> known, String... unknown) {
        List<String> names = new ArrayList<>(known.toList());
        names.addAll(List.of(unknown));
        return List.copyOf(names);
    }

    private static String pair(String name, String value) {
        return encode(name) + "=" + encode(value);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
