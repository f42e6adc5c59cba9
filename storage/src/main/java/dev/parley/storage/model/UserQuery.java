package dev.parley.storage.model;

import java.time.Instant;
import java.util.List;

/**
 * A page of an application's users: conditions joined by AND, one sort key, offset and limit. Values are
 * already typed: {@code Long} for NUMBER, {@code String} for STRING and TAGS, {@code Instant} for DATE
 * (from {@link #FIRST_DATE} up to but not including {@link #END_OF_DATES}), {@code Boolean} for BOOLEAN.
 */
public record UserQuery(long applicationId, List<Condition> conditions, UserField sortField, boolean ascending,
                        int offset, int limit) {

    /**
     * The earliest DATE value a condition may hold. Dates are limited to the years 0001 to 9999: the
     * four-digit years of ISO 8601 without expansion, which both H2's and PostgreSQL's
     * {@code TIMESTAMP WITH TIME ZONE} hold (PostgreSQL's runs from 4713 BC to 294276 AD) and which
     * {@link java.time.OffsetDateTime} can represent for binding.
     */
    public static final Instant FIRST_DATE = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant past the DATE values a condition may hold (the start of the year 10000). */
    public static final Instant END_OF_DATES = Instant.parse("+10000-01-01T00:00:00Z");

    public enum Operator { EQ, NE, LT, LTE, GT, GTE, IN, NIN, BETWEEN, START_WITH, CONTAINS }

    public record Condition(UserField field, Operator operator, List<Object> values) {
    }

    /** A page of results together with the number of all matching users. */
    public record Page(long total, List<User> items) {
    }
}
