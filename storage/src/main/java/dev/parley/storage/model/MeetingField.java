package dev.parley.storage.model;

import java.util.Arrays;
import java.util.Optional;

/** Meeting fields that lists may filter on (docs/protocol.md section 2.3), with their column and value type. */
public enum MeetingField {
    START_DATE("start_date", "start_date", ValueType.SECONDS),
    END_DATE("end_date", "end_date", ValueType.SECONDS),
    CREATED_AT("created_at", "created_at", ValueType.INSTANT),
    UPDATED_AT("updated_at", "updated_at", ValueType.INSTANT),
    SCHEDULED("scheduled", "scheduled", ValueType.BOOLEAN);

    /** How values are held: {@code Long} Unix seconds, {@code Instant}, or {@code Boolean}. */
    public enum ValueType { SECONDS, INSTANT, BOOLEAN }

    private final String apiName;
    private final String column;
    private final ValueType type;

    MeetingField(String apiName, String column, ValueType type) {
        this.apiName = apiName;
        this.column = column;
        this.type = type;
    }

    public String apiName() {
        return apiName;
    }

    public String column() {
        return column;
    }

    public ValueType type() {
        return type;
    }

    public static Optional<MeetingField> byApiName(String name) {
        return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
    }
}
