package dev.parley.storage.model;

import java.util.Arrays;
import java.util.Optional;

/** User fields that lists may filter and sort on, with their column and value type. */
public enum UserField {
    ID("id", "id", ValueType.NUMBER),
    LOGIN("login", "login_lc", ValueType.STRING),
    EMAIL("email", "email_lc", ValueType.STRING),
    FULL_NAME("full_name", "full_name", ValueType.STRING),
    PHONE("phone", "phone", ValueType.STRING),
    WEBSITE("website", "website", ValueType.STRING),
    EXTERNAL_USER_ID("external_user_id", "external_user_id", ValueType.NUMBER),
    USER_TAGS("user_tags", "user_tags", ValueType.TAGS),
    IS_GUEST("is_guest", "is_guest", ValueType.BOOLEAN),
    CREATED_AT("created_at", "created_at", ValueType.DATE),
    UPDATED_AT("updated_at", "updated_at", ValueType.DATE),
    LAST_REQUEST_AT("last_request_at", "last_request_at", ValueType.DATE);

    /** How a field's values are compared. DATE values are instants; TAGS match any listed tag. */
    public enum ValueType { NUMBER, STRING, DATE, BOOLEAN, TAGS }

    private final String apiName;
    private final String column;
    private final ValueType type;

    UserField(String apiName, String column, ValueType type) {
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

    /** Case-insensitive values compare through lower-cased columns. */
    public boolean lowerCased() {
        return this == LOGIN || this == EMAIL;
    }

    public static Optional<UserField> byApiName(String name) {
        return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
    }
}
