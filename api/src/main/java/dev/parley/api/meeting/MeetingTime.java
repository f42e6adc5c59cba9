package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Times as meetings take them (docs/protocol.md section 2.3; the ConnectyCube SDK types them "ISO date string or
 * timestamp"): Unix seconds, as a number or its text, a fraction allowed (as {@code Date.now() / 1000} gives), or
 * an ISO-8601 instant with {@code Z} or an offset. Accepted from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z: a
 * meeting before the Unix epoch makes no sense, four-digit years are what ISO 8601 writes without expansion, and
 * the range keeps every value well inside what H2, PostgreSQL and {@code OffsetDateTime} hold (which also guards
 * the JDBC binding of date filters). A millisecond timestamp lands past the end and is refused with a hint.
 * Stateless.
 */
final class MeetingTime {

    static final Instant FIRST = Instant.EPOCH;
    static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    /** Unix milliseconds of 2001-09-09 and later: larger than any seconds accepted. */
    private static final BigDecimal MILLISECONDS_FROM = BigDecimal.valueOf(1_000_000_000_000L);
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");
    private static final String RULE = "must be Unix seconds or an ISO-8601 time, from 1970 to 9999";

    private MeetingTime() {
    }

    /** The instant {@code raw} names; a 422 on {@code field} when it names none in range. */
    static Instant read(Object raw, String field) {
        Instant instant = switch (raw) {
            case Integer i -> fromSeconds(BigDecimal.valueOf(i), field);
            case Long l -> fromSeconds(BigDecimal.valueOf(l), field);
            case BigInteger b -> fromSeconds(new BigDecimal(b), field);
            case Double d when Double.isFinite(d) -> fromSeconds(BigDecimal.valueOf(d), field);
            case BigDecimal b -> fromSeconds(b, field);
            case String s -> fromText(s.strip(), field);
            case null, default -> throw ApiException.invalid(field, RULE);
        };
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw ApiException.invalid(field, RULE);
        }
        return instant;
    }

    /** Whole Unix seconds of {@code raw} (a fraction is dropped); a 422 on {@code field} as for {@link #read}. */
    static long seconds(Object raw, String field) {
        return read(raw, field).getEpochSecond();
    }

    private static Instant fromText(String text, String field) {
        if (NUMBER.matcher(text).matches()) {
            return fromSeconds(new BigDecimal(text), field);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, RULE);
        }
    }

    private static Instant fromSeconds(BigDecimal seconds, String field) {
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(LAST.getEpochSecond())) > 0) {
            throw ApiException.invalid(field, outOfRange(seconds));
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static String outOfRange(BigDecimal seconds) {
        return seconds.compareTo(MILLISECONDS_FROM) >= 0 ? RULE + " (" + seconds.toPlainString()
                + " looks like milliseconds)" : RULE;
    }
}
