package dev.parley.storage.jdbc;

import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Renders a {@link UserQuery}'s conditions as a parameterised WHERE clause. Column names come only
 * from {@link UserField}; every value is a bound parameter.
 */
record UserSqlFilter(String where, List<Object> params) {

    static UserSqlFilter of(UserQuery query) {
        StringJoiner where = new StringJoiner(" AND ");
        List<Object> params = new ArrayList<>();
        where.add("application_id = ?");
        params.add(query.applicationId());
        for (UserQuery.Condition condition : query.conditions()) {
            where.add(render(condition, params));
        }
        return new UserSqlFilter(where.toString(), List.copyOf(params));
    }

    private static String render(UserQuery.Condition c, List<Object> params) {
        UserField field = c.field();
        if (field.type() == UserField.ValueType.TAGS) {
            return renderTags(c, params);
        }
        String column = field.column();
        List<Object> values = c.values().stream().map(v -> normalise(field, v)).toList();
        return switch (c.operator()) {
            case EQ -> bindAll(column + " = ?", values, params);
            case NE -> bindAll("(" + column + " <> ? OR " + column + " IS NULL)", values, params);
            case LT -> bindAll(column + " < ?", values, params);
            case LTE -> bindAll(column + " <= ?", values, params);
            case GT -> bindAll(column + " > ?", values, params);
            case GTE -> bindAll(column + " >= ?", values, params);
            case BETWEEN -> bindAll(column + " BETWEEN ? AND ?", values, params);
            case IN -> bindAll(column + " IN (" + placeholders(values.size()) + ")", values, params);
            case NIN -> bindAll("(" + column + " NOT IN (" + placeholders(values.size()) + ") OR " + column + " IS NULL)",
                    values, params);
            case START_WITH -> {
                params.add(escapeLike(String.valueOf(values.getFirst()).toLowerCase(Locale.ROOT)) + "%");
                yield "LOWER(" + column + ") LIKE ? ESCAPE '\\'";
            }
            case CONTAINS -> {
                params.add("%" + escapeLike(String.valueOf(values.getFirst()).toLowerCase(Locale.ROOT)) + "%");
                yield "LOWER(" + column + ") LIKE ? ESCAPE '\\'";
            }
        };
    }

    /** Tags are stored comma-separated; a tag matches when ",tags," contains ",tag,". */
    private static String renderTags(UserQuery.Condition c, List<Object> params) {
        StringJoiner any = new StringJoiner(" OR ", "(", ")");
        for (Object tag : c.values()) {
            any.add("LOWER(',' || user_tags || ',') LIKE ? ESCAPE '\\'");
            params.add("%," + escapeLike(String.valueOf(tag).toLowerCase(Locale.ROOT)) + ",%");
        }
        return switch (c.operator()) {
            case NE, NIN -> "(user_tags IS NULL OR NOT " + any + ")";
            default -> any.toString();
        };
    }

    private static Object normalise(UserField field, Object value) {
        return field.lowerCased() && value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
    }

    private static String bindAll(String sql, List<Object> values, List<Object> params) {
        params.addAll(values);
        return sql;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
