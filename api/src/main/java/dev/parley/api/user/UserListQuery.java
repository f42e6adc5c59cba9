package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;
import dev.parley.storage.model.UserQuery.Condition;
import dev.parley.storage.model.UserQuery.Operator;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the two user-list syntaxes of docs/protocol.md section 2.2 into a {@link UserQuery}.
 * <ul>
 *   <li>v1: {@code page}, {@code per_page}, {@code filter[]=<type> <field> <operator> <value>},
 *       {@code order=<asc|desc> <type> <field>};</li>
 *   <li>v2: {@code offset}, {@code limit}, {@code <field>=v} or {@code <field>[<operator>]=v},
 *       {@code sort_asc=<field>} / {@code sort_desc=<field>}.</li>
 * </ul>
 * Unknown fields and operators, bad values and page sizes over the cap are 422s naming the parameter.
 */
public final class UserListQuery {

    /** Most values one {@code in}/{@code nin} condition may list. */
    public static final int MAX_VALUES = 100;
    /** Most conditions one request may carry. */
    public static final int MAX_CONDITIONS = 20;

    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]+");
    private static final long LAST_UNIX_SECOND = UserQuery.END_OF_DATES.getEpochSecond() - 1;
    private static final Set<String> V2_CONTROL = Set.of("offset", "skip", "limit", "sort_asc", "sort_desc");
    private static final Set<String> TYPE_WORDS = Set.of("number", "string", "date", "boolean");
    private static final Set<Operator> TAG_OPERATORS = Set.of(Operator.EQ, Operator.NE, Operator.IN, Operator.NIN);
    /** Fields shown only to their owner; lists may not sort on them or match them other than exactly. */
    private static final Set<UserField> PRIVATE = Set.of(UserField.EMAIL, UserField.PHONE);
    /**
     * The QuickBlox SDK sends several v1 filters as one comma-joined value; a comma followed by a new
     * {@code <type> <field> <operator>} triple starts the next filter.
     */
    private static final Pattern FILTER_SEPARATOR =
            Pattern.compile(",(?=\\s*(?:number|string|date|boolean)\\s+\\w+\\s+(?:lt|lte|gt|gte|eq|ne|in|nin|between)\\s)");

    private final int defaultPageSize;
    private final int maxPageSize;

    public UserListQuery(int defaultPageSize, int maxPageSize) {
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    /** A v1 page: the query plus the page number and size to echo back. */
    public record V1(UserQuery query, int page, int perPage) {
    }

    public V1 v1(long applicationId, Params params, List<Condition> extra) {
        int perPage = pageSize(params, "per_page");
        long page = params.integer("page").orElse(1L);
        if (page < 1 || page > 1_000_000) {
            throw ApiException.invalid("page", "must be between 1 and 1000000");
        }
        List<Condition> conditions = new ArrayList<>(extra);
        for (String item : params.values("filter")) {
            for (String filter : FILTER_SEPARATOR.split(item)) {
                conditions.add(v1Filter(filter.trim()));
            }
        }
        checkCount(conditions);
        UserField sort = UserField.ID;
        boolean ascending = true;
        Optional<String> order = params.string("order");
        if (order.isPresent() && !order.get().isBlank()) {
            String[] parts = order.get().trim().split("\\s+");
            if (parts.length != 3 || !(parts[0].equals("asc") || parts[0].equals("desc"))) {
                throw ApiException.invalid("order", "must be \"<asc|desc> <type> <field>\"");
            }
            ascending = parts[0].equals("asc");
            checkTypeWord(parts[1], "order");
            sort = sortField(parts[2], "order");
        }
        int offset = Math.toIntExact(Math.min((page - 1) * perPage, Integer.MAX_VALUE));
        return new V1(new UserQuery(applicationId, conditions, sort, ascending, offset, perPage), (int) page, perPage);
    }

    public UserQuery v2(long applicationId, Params params) {
        int limit = pageSize(params, "limit");
        long offset = params.integer("offset").or(() -> params.integer("skip")).orElse(0L);
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw ApiException.invalid("offset", "must be zero or more");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String key : params.asMap().keySet()) {
            // "_=1700000000" and the like are cache-busters added by HTTP libraries, not filters.
            if (V2_CONTROL.contains(key) || key.startsWith("_")) {
                continue;
            }
            UserField field = field(key, key);
            Object value = params.raw(key);
            if (value instanceof Map<?, ?> operators) {
                Params ops = params.object(key);
                for (Object op : operators.keySet()) {
                    String name = String.valueOf(op);
                    conditions.add(condition(field, operator(name, key + "[" + name + "]"), ops.list(name),
                            key + "[" + name + "]"));
                }
            } else if (value instanceof List<?>) {
                conditions.add(condition(field, Operator.IN, params.list(key), key));
            } else {
                conditions.add(condition(field, Operator.EQ, params.string(key).map(List::of).orElse(List.of()), key));
            }
        }
        checkCount(conditions);
        UserField sort = UserField.ID;
        boolean ascending = true;
        if (params.has("sort_desc")) {
            sort = sortField(params.string("sort_desc").orElse(""), "sort_desc");
            ascending = false;
        } else if (params.has("sort_asc")) {
            sort = sortField(params.string("sort_asc").orElse(""), "sort_asc");
        }
        return new UserQuery(applicationId, conditions, sort, ascending, (int) offset, limit);
    }

    /** Builds one typed condition; {@code name} is the parameter blamed in errors. */
    public static Condition condition(UserField field, Operator operator, List<String> raw, String name) {
        int arity = switch (operator) {
            case IN, NIN -> -1;
            case BETWEEN -> 2;
            default -> 1;
        };
        if (raw.isEmpty() || (arity > 0 && raw.size() != arity)) {
            throw ApiException.invalid(name, arity == 2 ? "needs two values: from,to" : "needs a value");
        }
        if (raw.size() > MAX_VALUES) {
            throw ApiException.invalid(name, "at most " + MAX_VALUES + " values");
        }
        if ((operator == Operator.START_WITH || operator == Operator.CONTAINS)
                && field.type() != UserField.ValueType.STRING) {
            throw ApiException.invalid(name, operator.name().toLowerCase(Locale.ROOT) + " applies to text fields only");
        }
        if (field.type() == UserField.ValueType.TAGS && !TAG_OPERATORS.contains(operator)) {
            throw ApiException.invalid(name, "tags take eq, ne, in or nin");
        }
        // Contact details are private: a list may match them exactly, never by prefix or range, or they
        // could be guessed a character at a time.
        if (PRIVATE.contains(field) && operator != Operator.EQ && operator != Operator.IN) {
            throw ApiException.invalid(name, field.apiName() + " takes only exact matches (eq, in)");
        }
        List<Object> values = new ArrayList<>(raw.size());
        for (String text : raw) {
            values.add(typed(field, text.trim(), name));
        }
        return new Condition(field, operator, values);
    }

    private Condition v1Filter(String filter) {
        String[] parts = filter.split("\\s+", 4);
        if (parts.length != 4) {
            throw ApiException.invalid("filter", "must be \"<type> <field> <operator> <value>\": " + filter);
        }
        checkTypeWord(parts[0], "filter");
        UserField field = field(parts[1], "filter");
        Operator operator = operator(parts[2], "filter");
        List<String> values = switch (operator) {
            case IN, NIN, BETWEEN -> List.of(parts[3].split(","));
            default -> List.of(parts[3]);
        };
        return condition(field, operator, values, "filter");
    }

    private int pageSize(Params params, String key) {
        long size = params.integer(key).orElse((long) defaultPageSize);
        if (size < 1 || size > maxPageSize) {
            throw ApiException.invalid(key, "must be between 1 and " + maxPageSize);
        }
        return (int) size;
    }

    private static void checkCount(List<Condition> conditions) {
        if (conditions.size() > MAX_CONDITIONS) {
            throw ApiException.invalid("filter", "at most " + MAX_CONDITIONS + " conditions");
        }
    }

    private static UserField field(String name, String param) {
        String normalised = name.equals("tags") ? "user_tags" : name;
        return UserField.byApiName(normalised)
                .orElseThrow(() -> ApiException.invalid(param, "unknown user field: " + name));
    }

    private static UserField sortField(String name, String param) {
        UserField field = field(name, param);
        if (PRIVATE.contains(field) || field.type() == UserField.ValueType.TAGS) {
            throw ApiException.invalid(param, "cannot sort by " + field.apiName());
        }
        return field;
    }

    /** The v1 type word is informational (the field decides the type) but must be one of the four. */
    private static void checkTypeWord(String word, String param) {
        if (!TYPE_WORDS.contains(word)) {
            throw ApiException.invalid(param, "type must be number, string, date or boolean, not " + word);
        }
    }

    private static Operator operator(String name, String param) {
        try {
            return Operator.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(param, "unknown operator: " + name);
        }
    }

    private static Object typed(UserField field, String text, String name) {
        return switch (field.type()) {
            case NUMBER -> {
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw ApiException.invalid(name, "must be a number: " + text);
                }
            }
            case DATE -> date(text, name);
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "1", "true" -> true;
                case "0", "false" -> false;
                default -> throw ApiException.invalid(name, "must be true or false: " + text);
            };
            case STRING, TAGS -> {
                if (text.length() > 255) {
                    throw ApiException.invalid(name, "value is too long");
                }
                // Stored text is in NFC (UserText), so a decomposed search term finds it too.
                yield UserText.normalise(text);
            }
        };
    }

    /**
     * Dates are ISO-8601 instants or Unix seconds (ASCII digits), in the years 0001 to 9999 that storage holds
     * ({@link UserQuery#FIRST_DATE}); anything else is a 422 here rather than a failure when it is bound.
     */
    private static Instant date(String text, String name) {
        Instant instant;
        if (UNIX_SECONDS.matcher(text).matches()) {
            long seconds;
            try {
                seconds = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw dateOutOfRange(name, text);
            }
            if (seconds > LAST_UNIX_SECOND) {
                throw dateOutOfRange(name, text);
            }
            instant = Instant.ofEpochSecond(seconds);
        } else {
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(name, "must be an ISO-8601 time or Unix seconds: " + text);
            }
        }
        if (instant.isBefore(UserQuery.FIRST_DATE) || !instant.isBefore(UserQuery.END_OF_DATES)) {
            throw dateOutOfRange(name, text);
        }
        return instant;
    }

    private static ApiException dateOutOfRange(String name, String text) {
        return ApiException.invalid(name, "must be a time in the years 0001 to 9999 (Unix seconds 0 to "
                + LAST_UNIX_SECOND + "): " + text);
    }
}
