package dev.parley.storage.model;

import java.util.List;

/**
 * A page of an application's users: conditions joined by AND, one sort key, offset and limit. Values are
 * already typed: {@code Long} for NUMBER, {@code String} for STRING and TAGS, {@code Instant} for DATE,
 * {@code Boolean} for BOOLEAN.
 */
public record UserQuery(long applicationId, List<Condition> conditions, UserField sortField, boolean ascending,
                        int offset, int limit) {

    public enum Operator { EQ, NE, LT, LTE, GT, GTE, IN, NIN, BETWEEN, START_WITH, CONTAINS }

    public record Condition(UserField field, Operator operator, List<Object> values) {
    }

    /** A page of results together with the number of all matching users. */
    public record Page(long total, List<User> items) {
    }
}
