package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.storage.model.MeetingField;
import dev.parley.storage.model.MeetingQuery;
import dev.parley.storage.model.MeetingQuery.Condition;
import dev.parley.storage.model.MeetingQuery.Operator;
import dev.parley.storage.model.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the query of {@code GET /meetings} and {@code GET /meetings/paged} (docs/protocol.md section 2.3) into a
 * {@link MeetingQuery} for the session's user: {@code limit} (default and at most 100), {@code offset} or
 * {@code skip}, and conditions on {@code start_date}, {@code end_date} (leniently {@code start_at},
 * {@code end_at}), {@code created_at}, {@code updated_at} and {@code scheduled}, each written {@code field=v}
 * (equals), {@code field[]=a&field[]=b} (in) or {@code field[op]=v} with {@code op} one of lt, lte, gt, gte, ne,
 * in, nin (and eq). Parameters starting with {@code _} ({@code _id}, cache-busters) are not conditions. Anything
 * else, and values that do not fit, are 422s naming the parameter. Stateless.
 */
final class MeetingListQuery {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 100;
    /** Most conditions one request may carry. */
    static final int MAX_CONDITIONS = 20;
    /** Most values one {@code in}/{@code nin} condition may list. */
    static final int MAX_VALUES = 100;

    private static final Set<String> CONTROL = Set.of("limit", "offset", "skip");
    private static final Map<String, MeetingField> ALIASES = Map.of("start_at", MeetingField.START_DATE,
            "end_at", MeetingField.END_DATE);
    private static final Set<Operator> BOOLEAN_OPERATORS = Set.of(Operator.EQ, Operator.NE, Operator.IN, Operator.NIN);

    private MeetingListQuery() {
    }

    static MeetingQuery parse(long applicationId, User user, Params params) {
        long limit = params.integer("limit").orElse((long) DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String offsetName = params.has("offset") ? "offset" : "skip";
        long offset = params.integer(offsetName).orElse(0L);
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw ApiException.invalid(offsetName, "must be zero or more");
        }
        List<Condition> conditions = new ArrayList<>();
        for (String key : params.asMap().keySet()) {
            if (CONTROL.contains(key) || key.startsWith("_")) {
                continue;
            }
            MeetingField field = field(key);
            Object value = params.raw(key);
            if (value instanceof Map<?, ?> operators) {
                Params ops = params.object(key);
                for (Object op : operators.keySet()) {
                    String name = key + "[" + op + "]";
                    conditions.add(condition(field, operator(String.valueOf(op), name), ops.list(String.valueOf(op)), name));
                }
            } else if (value instanceof List<?>) {
                conditions.add(condition(field, Operator.IN, params.list(key), key));
            } else {
                conditions.add(condition(field, Operator.EQ,
                        params.string(key).filter(v -> !v.isBlank()).map(List::of).orElse(List.of()), key));
            }
            if (conditions.size() > MAX_CONDITIONS) {
                throw ApiException.invalid(key, "at most " + MAX_CONDITIONS + " conditions");
            }
        }
        return new MeetingQuery(applicationId, user.id(), user.email(), conditions, (int) offset, (int) limit);
    }

    private static Condition condition(MeetingField field, Operator operator, List<String> raw, String name) {
        boolean many = operator == Operator.IN || operator == Operator.NIN;
        if (raw.isEmpty() || (!many && raw.size() != 1)) {
            throw ApiException.invalid(name, "needs a value");
        }
        if (raw.size() > MAX_VALUES) {
            throw ApiException.invalid(name, "at most " + MAX_VALUES + " values");
        }
        if (field.type() == MeetingField.ValueType.BOOLEAN && !BOOLEAN_OPERATORS.contains(operator)) {
            throw ApiException.invalid(name, field.apiName() + " takes eq, ne, in or nin");
        }
        List<Object> values = new ArrayList<>(raw.size());
        for (String text : raw) {
            values.add(switch (field.type()) {
                case SECONDS -> MeetingTime.seconds(text, name);
                case INSTANT -> MeetingTime.read(text, name);
                case BOOLEAN -> bool(text, name);
            });
        }
        return new Condition(field, operator, values);
    }

    private static MeetingField field(String key) {
        MeetingField alias = ALIASES.get(key);
        if (alias != null) {
            return alias;
        }
        return MeetingField.byApiName(key).orElseThrow(() -> ApiException.invalid(key, "unknown meeting filter: " + key
                + " (filters: start_date, end_date, created_at, updated_at, scheduled)"));
    }

    private static Operator operator(String op, String name) {
        try {
            return Operator.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(name, "unknown operator: " + op + " (operators: lt, lte, gt, gte, ne, in, nin)");
        }
    }

    private static Boolean bool(String text, String name) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw ApiException.invalid(name, "must be true or false: " + text);
        };
    }
}
